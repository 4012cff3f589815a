using System.Collections.Concurrent;

namespace Reception.Sync.Apply;

/// <summary>
/// The highest mutation id this instance has seen committed for each client, so that a re-sent
/// action (a lost acknowledgement, a batch sent again after a reconnect) is answered from its stored
/// result without taking the branch lock: locking the row writes WAL, and its commit would wait for
/// a durable flush like a real change. Safe because a client's committed mutation id only ever
/// grows: whatever is at or below a mark is settled for good. Anything this instance does not know
/// (a restart, another instance) simply takes the locked path, which is always right.
/// </summary>
public sealed class AppliedMarks
{
    /// <summary>Clients remembered at most; past it the marks start again from empty (they are only a shortcut).</summary>
    public const int Capacity = 50_000;

    private readonly ConcurrentDictionary<(Guid Branch, Guid Client), long> _marks = new();

    /// <summary>The client's committed mutation id, when known to be at least <paramref name="mutationId"/>.</summary>
    public long? Settled(Guid branchId, Guid clientId, long mutationId) =>
        _marks.TryGetValue((branchId, clientId), out var last) && mutationId <= last ? last : null;

    /// <summary>Records a mutation id read or written under the branch lock (never one from before it).</summary>
    public void Note(Guid branchId, Guid clientId, long last)
    {
        if (_marks.Count >= Capacity)
        {
            _marks.Clear();
        }

        _marks.AddOrUpdate((branchId, clientId), last, (_, known) => Math.Max(known, last));
    }
}
