using System.Collections.Concurrent;

namespace Reception.Sync.Apply;

/// <summary>
/// One apply transaction per branch at a time in this process: the others of the same branch wait
/// here, holding no database backend, instead of in PostgreSQL behind the branch row lock (where, on
/// a busy machine, each waiter costs a backend, lock-manager work and a wake-up, and the lock's
/// holder competes with all of them for the CPU). Only a way to wait cheaply: the branch row lock
/// stays what makes the apply exactly-once, across instances too. A turn that does not come within
/// <see cref="MaxWait"/> (a transaction stuck behind another instance's lock, a lock timeout being
/// waited out) is not waited for any longer: the apply goes on to the database's lock as it would
/// without the gate, so waiters never queue up one lock timeout after another.
/// </summary>
public sealed class BranchGates
{
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _gates = new();

    /// <summary>Waits for the branch's turn (at most <see cref="MaxWait"/>); dispose the result when the transaction has ended.</summary>
    public async ValueTask<Turn> EnterAsync(Guid branchId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(branchId, _ => new SemaphoreSlim(1, 1));
        return await gate.WaitAsync(MaxWait, cancellationToken) ? new Turn(gate) : default;
    }

    /// <summary>A turn at the branch's gate, or none (default) when it did not come in time.</summary>
    public readonly struct Turn(SemaphoreSlim? gate) : IDisposable
    {
        /// <summary>Whether this is the branch's turn (false: it did not come in time, the database's lock decides).</summary>
        public bool Held => gate is not null;

        public void Dispose() => gate?.Release();
    }
}
