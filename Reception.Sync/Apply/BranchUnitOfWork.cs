using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;

namespace Reception.Sync.Apply;

/// <summary>
/// What one apply transaction holds under the branch lock, carried from action to action of a
/// batch: the feed version and, per client, its ledger as this transaction left it. Only the holder
/// of the branch lock writes these, so after the first read they are known without asking again.
/// Writes are tracked by EF, not yet sent, until <see cref="SaveAsync"/>. Invariants:
/// - the branch lock is taken by the first read of a client's ledger, before anything is written;
/// - the feed version moves only through <see cref="Advance"/>, by one, with the counter row;
/// - a query that must see this transaction's own writes (callNext's pick, a replay) saves first;
/// - while it lives, EF does not look for changed properties at each lookup of what it tracks (each
///   <c>Local</c> and <c>Entries()</c> compared every tracked row with its snapshot): they are found once,
///   as each save begins. Dispose it when the transaction has ended.
/// </summary>
public sealed class BranchUnitOfWork(ReceptionDbContext db, BranchRef branch, PushTiming? timing) : IDisposable
{
    private readonly bool _detectedChanges = PauseDetection(db);
    private readonly Dictionary<Guid, ClientLedgerState> _clients = [];
    private readonly HashSet<Guid> _visitsRead = [];
    private readonly Dictionary<Guid, string?> _closedServices = [];
    private bool _locked;
    private bool _unsaved;
    private bool _feedMoved;

    public BranchRef Branch => branch;

    /// <summary>The newest feed version, including this transaction's own unsaved changes.</summary>
    public long FeedVersion { get; private set; }

    /// <summary>Visits registered by this transaction (not yet visible to a query until saved).</summary>
    public List<Visit> Registered { get; } = [];

    /// <summary>When the push (or the inbox row) being applied was sent and received.</summary>
    public PushTiming? Timing => timing;

    /// <summary>
    /// The client's ledger under the branch lock: read (taking the lock if this transaction does not
    /// hold it yet) the first time the transaction meets the client, then carried in memory. With it,
    /// in the same round trip, the visit <paramref name="visitId"/> the action names (see
    /// <see cref="VisitRead"/>) and the ticket counter a registration moves, so the decision needs no
    /// other read under the lock.
    /// </summary>
    public async Task<ClientLedgerState> ClientAsync(Guid clientId, Guid? visitId, CounterKey? counter,
        CancellationToken cancellationToken)
    {
        if (_clients.TryGetValue(clientId, out var known))
        {
            return known;
        }

        var locked = await db.LockBranchAsync(branch.Id, clientId, visitId, counter, cancellationToken)
                     ?? throw new InvalidOperationException($"Branch {branch.Slug} disappeared.");
        if (locked.VisitRead)
        {
            _visitsRead.Add(visitId!.Value);
        }

        if (locked.Visit is { } visit)
        {
            _closedServices.TryAdd(visit.Visit.ServiceId, visit.ClosedService);
        }

        if (!_locked)
        {
            // Later reads may lag this transaction's own unsaved version; the first one cannot.
            FeedVersion = locked.FeedVersion;
            _locked = true;
        }

        var lastContact = locked.LastContactAt is { } c ? DateTime.SpecifyKind(c, DateTimeKind.Utc) : (DateTime?)null;
        return _clients[clientId] = new ClientLedgerState(locked.LastMutationId, lastContact, locked.FirstPending);
    }

    /// <summary>
    /// True when the visit was read under the lock by this transaction: then it is tracked if it
    /// exists, and absent if the tracker does not hold it.
    /// </summary>
    public bool VisitRead(Guid visitId) => _visitsRead.Contains(visitId);

    /// <summary>Whether the service was read under the lock with a visit: then <paramref name="closedName"/> is its name when closed, else null.</summary>
    public bool ServiceRead(Guid serviceId, out string? closedName) => _closedServices.TryGetValue(serviceId, out closedName);

    /// <summary>Something was tracked that the commit must send.</summary>
    public void Touched() => _unsaved = true;

    /// <summary>Sends the writes tracked so far (inside the transaction, not committed).</summary>
    public async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (_unsaved)
        {
            await SendAsync(commit: false, cancellationToken);
        }
    }

    /// <summary>Sends the writes tracked so far and commits the transaction, in one round trip where the provider can.</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => SendAsync(commit: true, cancellationToken);

    private async Task SendAsync(bool commit, CancellationToken cancellationToken)
    {
        db.ChangeTracker.DetectChanges();
        await db.SaveTrackedAsync(_feedMoved ? new FeedMove(branch.Id, FeedVersion) : null, commit, cancellationToken);
        _unsaved = false;
        _feedMoved = false;
    }

    /// <summary>The context looks for changes at each lookup again, as it did before this unit of work.</summary>
    public void Dispose() => db.ChangeTracker.AutoDetectChangesEnabled = _detectedChanges;

    /// <summary>Switches EF's detection at each lookup off; answers whether it was on.</summary>
    private static bool PauseDetection(ReceptionDbContext db)
    {
        var on = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        return on;
    }

    /// <summary>The feed moves to <paramref name="version"/>; the counter row moves in the same save as the rows it numbers.</summary>
    public void Advance(long version)
    {
        FeedVersion = version;
        _feedMoved = true;
    }
}

/// <summary>One client's ledger as the current transaction sees it.</summary>
/// <param name="committed">The client's last mutation id as read under the lock, before this
/// transaction wrote anything: the only one that may be remembered as settled.</param>
public sealed class ClientLedgerState(long? committed, DateTime? lastContact, long? firstPending)
{
    public long? Committed { get; } = committed;

    /// <summary>The client's first action still waiting in the inbox, if any.</summary>
    public long? FirstPending { get; } = firstPending;

    public long? LastMutationId { get; set; } = committed;
    public DateTime? LastContactAt { get; set; } = lastContact;

    /// <summary>The ledger row this transaction tracks, once it wrote one.</summary>
    public ClientLedger? Row { get; set; }
}
