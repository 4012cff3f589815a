using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Data.Providers;
using Reception.Sync.Access;

namespace Reception.Bench.Suite.Branches;

/// <summary>One client of a fleet: desk <see cref="Desk"/> of its branch, with an API key of its own.</summary>
internal sealed record FleetClient(BenchBranch Branch, int Desk, string ApiKey);

/// <summary>
/// Branches made for the scenario in a database a Reception.Web process has migrated: each with two
/// services, its desks, and one API key per desk (a legacy client of that branch, which may act at
/// any of its desks). Client i works at desk i / branches of branch i % branches, so any first n
/// clients are spread evenly over the branches.
/// </summary>
internal static class BranchFleet
{
    public static async Task<IReadOnlyList<FleetClient>> CreateAsync(string database, int branches, int clients,
        CancellationToken cancellationToken)
    {
        await using var db = new PostgresReceptionDbContext(
            new DbContextOptionsBuilder<PostgresReceptionDbContext>().UseNpgsql(database).Options);
        var desksPerBranch = (clients + branches - 1) / branches;
        var made = Enumerable.Range(0, branches).Select(_ => BenchBranch.Add(db, desksPerBranch)).ToList();
        var now = DateTime.UtcNow;
        var fleet = new List<FleetClient>(clients);
        for (var i = 0; i < clients; i++)
        {
            var (branch, desk) = (made[i % branches], i / branches);
            var key = ApiKeys.Generate();
            db.ApiClients.Add(new ApiClient
            {
                Id = Guid.NewGuid(), BranchId = branch.Id, Name = $"bench {branch.Slug} desk {desk + 1}", KeyHash = ApiKeys.Hash(key),
                CreatedAt = now,
            });
            fleet.Add(new FleetClient(branch, desk, key));
        }

        await db.SaveChangesAsync(cancellationToken);
        return fleet;
    }

    /// <summary>The first <paramref name="perBranch"/> clients of each of the first <paramref name="branches"/> branches.</summary>
    public static IReadOnlyList<FleetClient> Take(IReadOnlyList<FleetClient> fleet, int branches, int perBranch)
    {
        var wanted = fleet.Select(c => c.Branch).Distinct().Take(branches).ToHashSet();
        return fleet.Where(c => wanted.Contains(c.Branch) && c.Desk < perBranch).ToList();
    }
}
