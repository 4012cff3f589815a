using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Reception.Data.Providers;

public sealed class PostgresReceptionDbContext(DbContextOptions<PostgresReceptionDbContext> options)
    : ReceptionDbContext(options)
{
    // The row lock is held until commit or rollback, so the counter only ever moves by one
    // inside a transaction that commits: no gaps, unlike a sequence. One round trip: the lock,
    // the ledger and the inbox check travel together.
    public override async Task<BranchLock?> LockBranchAsync(Guid branchId, Guid clientId, CancellationToken cancellationToken) =>
        await Database.SqlQuery<BranchLock>($"""
            SELECT b."FeedVersion", l."LastMutationId", l."LastContactAt",
                   (SELECT min(i."MutationId") FROM "Inbox" i
                     WHERE i."BranchId" = b."Id" AND i."ClientId" = {clientId} AND i."Status" = 'Pending') AS "FirstPending"
            FROM "Branches" b
            LEFT JOIN "ClientLedgers" l ON l."BranchId" = b."Id" AND l."ClientId" = {clientId}
            WHERE b."Id" = {branchId}
            FOR UPDATE OF b
            """).SingleOrDefaultAsync(cancellationToken);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresReceptionDbContext>
{
    public PostgresReceptionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresReceptionDbContext>().UseNpgsql("Host=localhost").Options);
}
