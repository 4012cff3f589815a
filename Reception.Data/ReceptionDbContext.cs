using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;

namespace Reception.Data;

/// <summary>
/// The one model for both providers. Each provider derives from it only to own its migrations
/// and the few statements SQL spells differently (the branch lock).
/// </summary>
public abstract class ReceptionDbContext(DbContextOptions options)
    : IdentityDbContext<ReceptionUser>(options), IDataProtectionKeyContext
{
    public DbSet<Branch> Branches => Set<Branch>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Desk> Desks => Set<Desk>();
    public DbSet<Visit> Visits => Set<Visit>();
    public DbSet<Change> Changes => Set<Change>();
    public DbSet<ClientLedger> ClientLedgers => Set<ClientLedger>();
    public DbSet<ClientOwner> ClientOwners => Set<ClientOwner>();
    public DbSet<MutationRecord> MutationRecords => Set<MutationRecord>();
    public DbSet<TicketCounter> TicketCounters => Set<TicketCounter>();
    public DbSet<TicketLease> TicketLeases => Set<TicketLease>();
    public DbSet<InboxItem> Inbox => Set<InboxItem>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<ApiClient> ApiClients => Set<ApiClient>();
    public DbSet<DisplayToken> DisplayTokens => Set<DisplayToken>();
    public DbSet<RemoteJoin> RemoteJoins => Set<RemoteJoin>();
    public DbSet<KioskToken> KioskTokens => Set<KioskToken>();

    /// <summary>The ASP.NET Core Data Protection key ring (cookies, form tokens): one for every instance on this database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>
    /// Takes the branch's write lock for the rest of the current transaction and, in the same
    /// round trip, reads what applying one action of <paramref name="clientId"/> needs: the feed
    /// version, the client's ledger, and its first action still waiting in the inbox. Every write
    /// to a branch goes through here first, which is what makes the feed gap-free and callNext atomic.
    /// </summary>
    public Task<BranchLock?> LockBranchAsync(Guid branchId, Guid clientId, CancellationToken cancellationToken) =>
        LockBranchAsync(branchId, clientId, null, null, cancellationToken);

    /// <summary>
    /// <see cref="LockBranchAsync(Guid, Guid, CancellationToken)"/>, and, read after the lock was
    /// granted in the same round trip, the visit <paramref name="visitId"/> (tracked by this context;
    /// the tracked one if it already was) with whether its service is closed, and the ticket counter
    /// <paramref name="counter"/> (tracked, when it exists): an apply's loads that would otherwise each
    /// cost a round trip while the lock is held. A provider may read the counter later instead
    /// (SQLite: the apply finds it then); the visit it reads here.
    /// </summary>
    public abstract Task<BranchLock?> LockBranchAsync(Guid branchId, Guid clientId, Guid? visitId, CounterKey? counter,
        CancellationToken cancellationToken);

    /// <summary>
    /// The apply's save, inside its transaction: what the tracker holds and, when the feed moved, the
    /// branch's feed counter, together; with <paramref name="commit"/>, then the transaction's commit.
    /// A provider may send it its own, cheaper way, exactly as EF would (PostgreSQL:
    /// <see cref="Providers.PostgresSave"/>, the commit in the same round trip).
    /// </summary>
    public virtual async Task SaveTrackedAsync(FeedMove? feed, bool commit, CancellationToken cancellationToken)
    {
        if (feed is { } move)
        {
            var entry = Branches.Local.FindEntry(move.BranchId) ?? Entry(new Branch { Id = move.BranchId, Slug = "", Name = "" });
            if (entry.State == EntityState.Detached)
            {
                entry.State = EntityState.Unchanged;
            }

            entry.Entity.FeedVersion = move.Version;
            entry.Property(nameof(Branch.FeedVersion)).IsModified = true;
        }

        await SaveChangesAsync(cancellationToken);
        if (commit)
        {
            await Database.CommitTransactionAsync(cancellationToken);
        }
    }

    /// <summary>The visit read under the lock, tracked: an entity this context already tracks wins over the row read.</summary>
    protected LockedVisit? Track(Visit? read, string? closedService)
    {
        if (read is null)
        {
            return null;
        }

        if (Visits.Local.FindEntry(read.Id) is { } tracked)
        {
            return new LockedVisit(tracked.Entity, closedService);
        }

        Entry(read).State = EntityState.Unchanged; // this entity alone: no graph to walk
        return new LockedVisit(read, closedService);
    }

    /// <summary>A ticket counter read under the lock, tracked unless this context already tracks it.</summary>
    protected void Track(TicketCounter read)
    {
        if (TicketCounters.Local.FindEntryUntyped([read.ServiceId, read.Day]) is null)
        {
            Entry(read).State = EntityState.Unchanged;
        }
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ReceptionDbContext).Assembly);
    }
}

/// <summary>What <see cref="ReceptionDbContext.LockBranchAsync"/> read under the lock.</summary>
public sealed class BranchLock
{
    public long FeedVersion { get; init; }
    public long? LastMutationId { get; init; }
    public DateTime? LastContactAt { get; init; }
    public long? FirstPending { get; init; }

    /// <summary>True when a visit was asked for: then <see cref="Visit"/> null means there is none.</summary>
    public bool VisitRead { get; init; }

    public LockedVisit? Visit { get; init; }
}

/// <summary>The branch's feed counter moved to <see cref="Version"/> by an apply.</summary>
public readonly record struct FeedMove(Guid BranchId, long Version);

/// <summary>A service's ticket counter of one day: what a registration moves.</summary>
public readonly record struct CounterKey(Guid ServiceId, DateOnly Day);

/// <summary>A visit read under the branch lock, tracked, and its service's name when that service is closed (else null).</summary>
public sealed record LockedVisit(Visit Visit, string? ClosedService);
