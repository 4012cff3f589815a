using Reception.Data;
using Reception.Data.Model;

namespace Reception.Bench;

internal sealed record BenchDesk(Guid Id, string Name);

/// <summary>A branch made for one timed run: two services and one desk per benchmark desk, all serving both.</summary>
internal sealed record BenchBranch(Guid Id, string Slug, IReadOnlyList<BenchService> Services, IReadOnlyList<BenchDesk> Desks)
{
    public static async Task<BenchBranch> CreateAsync(BenchApp app, int desks, CancellationToken cancellationToken) =>
        await app.WithDbAsync(async (db, ct) =>
        {
            var branch = Add(db, desks);
            await db.SaveChangesAsync(ct);
            return branch;
        }, cancellationToken);

    /// <summary>Adds a new branch with <paramref name="desks"/> desks to <paramref name="db"/>, to be saved by the caller.</summary>
    public static BenchBranch Add(ReceptionDbContext db, int desks)
    {
        var slug = "bench-" + Guid.NewGuid().ToString("N")[..12];
        var general = new Service { Id = Guid.NewGuid(), Name = "General", Prefix = "A", SortOrder = 1 };
        var billing = new Service { Id = Guid.NewGuid(), Name = "Billing", Prefix = "B", SortOrder = 2 };
        var branch = new Branch
        {
            Id = Guid.NewGuid(), Slug = slug, Name = "Bench " + slug, CreatedAt = DateTime.UtcNow,
            Services = [general, billing],
            Desks = Enumerable.Range(1, desks)
                .Select(i => new Desk { Id = Guid.NewGuid(), Name = $"Desk {i}", SortOrder = i, Services = [general, billing] })
                .ToList(),
        };
        db.Branches.Add(branch);
        return new BenchBranch(branch.Id, slug,
            [new BenchService(general.Id, general.Prefix), new BenchService(billing.Id, billing.Prefix)],
            branch.Desks.Select(d => new BenchDesk(d.Id, d.Name)).ToList());
    }
}

internal sealed record BenchService(Guid Id, string Prefix);
