using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Reception.Data.Providers;

public sealed class SqliteReceptionDbContext(DbContextOptions<SqliteReceptionDbContext> options)
    : ReceptionDbContext(options)
{
    // A transaction on SQLite begins IMMEDIATE, which already holds the database's write lock;
    // reading the counter is all that is left to do.
    public override async Task<long?> LockBranchAsync(Guid branchId, CancellationToken cancellationToken) =>
        await Branches.Where(b => b.Id == branchId).Select(b => (long?)b.FeedVersion)
            .SingleOrDefaultAsync(cancellationToken);

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
