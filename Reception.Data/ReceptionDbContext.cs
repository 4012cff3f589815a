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
    public abstract Task<BranchLock?> LockBranchAsync(Guid branchId, Guid clientId, CancellationToken cancellationToken);

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
}
