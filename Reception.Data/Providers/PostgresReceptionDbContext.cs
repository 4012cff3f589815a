using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Reception.Data.Providers;

public sealed class PostgresReceptionDbContext(DbContextOptions<PostgresReceptionDbContext> options)
    : ReceptionDbContext(options)
{
    // The row lock is held until commit or rollback, so the counter only ever moves by one
    // inside a transaction that commits: no gaps, unlike a sequence.
    // One round trip, two statements inside a VOLATILE function: under READ COMMITTED each of
    // them takes a fresh snapshot, so the ledger and inbox read after the lock was granted sees
    // what the previous holder committed. (One plain statement joining the ledger to the locked
    // row would re-read only the locked row after waiting, and see a stale ledger: twin
    // requests were both applied, the second failing on the key.) The function comes from the
    // LockBranchFunction migration.
    public override Task<BranchLock?> LockBranchAsync(Guid branchId, Guid clientId, CancellationToken cancellationToken) =>
        Database.SqlQuery<BranchLock>($"""
            SELECT "FeedVersion", "LastMutationId", "LastContactAt", "FirstPending"
            FROM reception_lock_branch({branchId}, {clientId})
            """).SingleOrDefaultAsync(cancellationToken);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresReceptionDbContext>
{
    public PostgresReceptionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresReceptionDbContext>().UseNpgsql("Host=localhost").Options);
}
