using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Reception.Data.Providers;

public sealed class PostgresReceptionDbContext(DbContextOptions<PostgresReceptionDbContext> options)
    : ReceptionDbContext(options)
{
    // The row lock is held until commit or rollback, so the counter only ever moves by one
    // inside a transaction that commits: no gaps, unlike a sequence.
    public override async Task<long?> LockBranchAsync(Guid branchId, CancellationToken cancellationToken) =>
        await Database
            .SqlQuery<long?>($"""SELECT "FeedVersion" AS "Value" FROM "Branches" WHERE "Id" = {branchId} FOR UPDATE""")
            .SingleOrDefaultAsync(cancellationToken);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresReceptionDbContext>
{
    public PostgresReceptionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresReceptionDbContext>().UseNpgsql("Host=localhost").Options);
}
