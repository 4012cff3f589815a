using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Reception.Data.Model;

namespace Reception.Data.Providers;

public sealed class SqliteReceptionDbContext(DbContextOptions<SqliteReceptionDbContext> options)
    : ReceptionDbContext(options)
{
    // A transaction on SQLite begins IMMEDIATE, which already holds the database's write lock;
    // reading is all that is left to do.
    public override async Task<BranchLock?> LockBranchAsync(Guid branchId, Guid clientId, CancellationToken cancellationToken)
    {
        var row = await Branches.Where(b => b.Id == branchId)
            .Select(b => new
            {
                b.FeedVersion,
                LastMutationId = ClientLedgers.Where(l => l.BranchId == branchId && l.ClientId == clientId)
                    .Select(l => (long?)l.LastMutationId).FirstOrDefault(),
                LastContactAt = ClientLedgers.Where(l => l.BranchId == branchId && l.ClientId == clientId)
                    .Select(l => (DateTime?)l.LastContactAt).FirstOrDefault(),
                FirstPending = Inbox.Where(i => i.BranchId == branchId && i.ClientId == clientId && i.Status == InboxStatus.Pending)
                    .Min(i => (long?)i.MutationId),
            })
            .SingleOrDefaultAsync(cancellationToken);
        return row is null
            ? null
            : new BranchLock
            {
                FeedVersion = row.FeedVersion,
                LastMutationId = row.LastMutationId,
                LastContactAt = row.LastContactAt,
                FirstPending = row.FirstPending,
            };
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite hands back DateTime with Kind=Unspecified; every stored time is UTC.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? v.Value.ToUniversalTime() : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteReceptionDbContext>
{
    public SqliteReceptionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteReceptionDbContext>().UseSqlite("Data Source=design.db").Options);
}
