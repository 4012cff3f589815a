using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Reception.Data.Providers;

public sealed class PostgresReceptionDbContext(DbContextOptions<PostgresReceptionDbContext> options)
    : ReceptionDbContext(options)
{
    // The row lock is held until commit or rollback, so the counter only ever moves by one
    // inside a transaction that commits: no gaps, unlike a sequence.
    // Two statements on purpose: under READ COMMITTED, a statement that waited for the lock
    // re-reads only the locked row; a ledger row joined into it would be the stale one from
    // before the wait (seen: twin requests both applied, the second failing on the key).
    public override async Task<BranchLock?> LockBranchAsync(Guid branchId, Guid clientId, CancellationToken cancellationToken)
    {
        var feedVersion = await Database
            .SqlQuery<long?>($"""SELECT "FeedVersion" AS "Value" FROM "Branches" WHERE "Id" = {branchId} FOR UPDATE""")
            .SingleOrDefaultAsync(cancellationToken);
        if (feedVersion is null)
        {
            return null;
        }

        var client = await Database.SqlQuery<BranchLock>($"""
            SELECT {feedVersion.Value} AS "FeedVersion", l."LastMutationId", l."LastContactAt",
                   (SELECT min(i."MutationId") FROM "Inbox" i
                     WHERE i."BranchId" = {branchId} AND i."ClientId" = {clientId} AND i."Status" = 'Pending') AS "FirstPending"
            FROM (SELECT 1) AS one
            LEFT JOIN "ClientLedgers" l ON l."BranchId" = {branchId} AND l."ClientId" = {clientId}
            """).SingleAsync(cancellationToken);
        return client;
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresReceptionDbContext>
{
    public PostgresReceptionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresReceptionDbContext>().UseNpgsql("Host=localhost").Options);
}
