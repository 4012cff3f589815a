using System.Collections.Concurrent;
using Reception.Sync.Apply;

namespace Reception.Tests.Soak;

/// <summary>
/// Stands in for Hangfire: records which client's inbox needs draining, and the simulation runs
/// the jobs itself (at random moments, sometimes twice at once), so a seed decides when they run.
/// </summary>
public sealed class SimScheduler : IInboxScheduler
{
    private readonly ConcurrentDictionary<(Guid Branch, Guid Client), byte> _due = new();

    public void Schedule(Guid branchId, Guid clientId) => _due[(branchId, clientId)] = 0;

    /// <summary>The clients of this branch with a job due, in a stable order; taking them clears them.</summary>
    public IReadOnlyList<Guid> Take(Guid branchId)
    {
        var due = _due.Keys.Where(k => k.Branch == branchId).Select(k => k.Client).Order().ToList();
        foreach (var client in due)
        {
            _due.TryRemove((branchId, client), out _);
        }

        return due;
    }
}
