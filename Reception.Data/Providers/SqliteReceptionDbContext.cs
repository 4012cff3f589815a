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
    // No round trips to save: the visit is read after the lock, as the pipeline would, and the
    // counter when the registration needs it.
    public override async Task<BranchLock?> LockBranchAsync(Guid branchId, Guid clientId, Guid? visitId, CounterKey? counter,
        CancellationToken cancellationToken)
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
        if (row is null)
        {
            return null;
        }

        LockedVisit? visit = null;
        if (visitId is { } id && await Visits.FindAsync([id], cancellationToken) is { } found)
        {
            var closed = await Services.AsNoTracking().Where(s => s.Id == found.ServiceId && !s.IsActive).Select(s => s.Name)
                .FirstOrDefaultAsync(cancellationToken);
            visit = new LockedVisit(found, closed);
        }

        return new BranchLock
        {
            FeedVersion = row.FeedVersion,
            LastMutationId = row.LastMutationId,
            LastContactAt = row.LastContactAt,
            FirstPending = row.FirstPending,
            VisitRead = visitId is not null,
            Visit = visit,
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
