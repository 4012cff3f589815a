using CsCheck;
using Microsoft.EntityFrameworkCore;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Apply;

/// <summary>
/// The exactly-once and convergence laws, through the real pipeline: random actions from several
/// clients, in random orders that respect each client's own order, with random duplicates and
/// whole-outbox replays. Every scenario is built only from actions docs/protocol.md ("Merge rules")
/// says commute (registrations, edits of distinct fields, idempotent transitions), so two different
/// orders must end in the same state.
/// </summary>
public abstract class ConvergenceProperties(ReceptionApp app)
{
    private static readonly string[] Fields = ["name", "phone", "notes"];

    /// <summary>One client's intent, independent of the run's ids: op kinds over abstract visits.</summary>
    private sealed record Op(string Kind, int Visit, string? Value = null);

    private sealed record Scenario(int SharedVisits, IReadOnlyList<IReadOnlyList<Op>> Clients, int Seed);

    private static readonly Gen<Scenario> Scenarios =
        from shared in Gen.Int[1, 3]
        from clients in Gen.Int[2, 3]
        from seed in Gen.Int
        select Build(shared, clients, seed);

    private static Scenario Build(int shared, int clients, int seed)
    {
        var random = new Random(seed);
        var all = new List<IReadOnlyList<Op>>();
        for (var c = 0; c < clients; c++)
        {
            var ops = new List<Op>();
            var edited = new HashSet<int>();
            var own = 0;
            for (var i = random.Next(3, 9); i > 0; i--)
            {
                switch (random.Next(4))
                {
                    case 0:
                        ops.Add(new Op("registerOwn", 100 * (c + 1) + own++));
                        break;
                    case 1 when own > 0:
                        ops.Add(new Op("editOwn", 100 * (c + 1) + random.Next(own), $"own-{c}-{i}"));
                        break;
                    case 2 when edited.Count < shared:
                        var s = Enumerable.Range(0, shared).First(v => !edited.Contains(v));
                        edited.Add(s);
                        // Each client owns one field of the shared visits: edits of distinct fields commute.
                        ops.Add(new Op("editShared", s, $"c{c}-{i}"));
                        break;
                    default:
                        ops.Add(new Op("cancelShared", random.Next(shared)));
                        break;
                }
            }

            all.Add(ops);
        }

        return new Scenario(shared, all, seed);
    }

    [Fact]
    public async Task ActionsAreAppliedExactlyOnceAndCommutingActionsConvergeInAnyOrder()
    {
        await Scenarios.SampleAsync(async scenario =>
        {
            var first = await RunAsync(scenario, new Random(scenario.Seed ^ 0x5eed));
            var second = await RunAsync(scenario, new Random(scenario.Seed ^ 0x0dd));
            Assert.Equal(first, second);
        }, iter: 12, threads: 1);
    }

    /// <summary>Runs the scenario on a fresh branch in one random interleaving; returns the final state by abstract visit.</summary>
    private async Task<string> RunAsync(Scenario scenario, Random random)
    {
        var branch = await TestBranch.CreateAsync(app);
        var ids = new Dictionary<int, Guid>();
        Guid Id(int visit) => ids.TryGetValue(visit, out var g) ? g : ids[visit] = Guid.NewGuid();

        var setup = new TestClient(app, branch);
        var known = new Dictionary<Guid, long>();
        for (var s = 0; s < scenario.SharedVisits; s++)
        {
            var r = await setup.PushOneAsync(setup.Register(Id(s), branch.General, $"shared {s}"));
            known[Id(s)] = r.Version!.Value;
        }

        var clients = scenario.Clients.Select(_ => new TestClient(app, branch)).ToList();
        var pushed = clients.Select(_ => new List<(SyncAction Action, ActionResult First)>()).ToList();
        var cursor = new int[clients.Count];

        while (Enumerable.Range(0, clients.Count).Any(c => cursor[c] < scenario.Clients[c].Count))
        {
            var c = Enumerable.Range(0, clients.Count).Where(i => cursor[i] < scenario.Clients[i].Count)
                .OrderBy(_ => random.Next()).First();
            var client = clients[c];
            var op = scenario.Clients[c][cursor[c]++];
            var action = op.Kind switch
            {
                "registerOwn" => client.Register(Id(op.Visit), branch.Billing, $"visitor {op.Visit}"),
                "editOwn" => client.Edit(Id(op.Visit), known[Id(op.Visit)], new { notes = op.Value }),
                "editShared" => client.Edit(Id(op.Visit), known[Id(op.Visit)], new Dictionary<string, string?> { [Fields[c]] = op.Value }),
                _ => client.Next(ActionTypes.Cancel, Id(op.Visit)),
            };
            var result = await client.PushOneAsync(action);
            Assert.True(result.Status == ResultStatus.Applied, $"{op.Kind} gave {result.Status}: {result.Reason}");
            if (op.Kind is "registerOwn" or "editOwn")
            {
                known[Id(op.Visit)] = result.Version!.Value;
            }

            pushed[c].Add((action, result));

            // A lost acknowledgement: the client re-sends one of its earlier actions.
            if (random.Next(3) == 0)
            {
                var (again, firstResult) = pushed[c][random.Next(pushed[c].Count)];
                var duplicate = await client.PushOneAsync(again);
                Assert.Equal(ResultStatus.Duplicate, duplicate.Status);
                Assert.Equal(WireJson.Serialize(firstResult), WireJson.Serialize(duplicate.Original));
            }
        }

        // A reconnect that replays the whole outbox: every action is a duplicate, nothing is applied again.
        var versionBefore = await FeedVersionAsync(branch);
        for (var c = 0; c < clients.Count; c++)
        {
            var replay = await clients[c].PushAsync(pushed[c].Select(p => p.Action).ToArray());
            Assert.All(replay, r => Assert.Equal(ResultStatus.Duplicate, r.Status));
        }

        Assert.Equal(versionBefore, await FeedVersionAsync(branch));
        await AssertFeedIsGapFreeAndEachActionAppearsOnceAsync(branch, versionBefore);

        var byAbstract = ids.ToDictionary(kv => kv.Value, kv => kv.Key);
        var visits = await app.WithDbAsync(db => db.Visits.AsNoTracking().Where(v => v.BranchId == branch.Id).ToListAsync());
        Assert.Equal(ids.Count, visits.Count);
        return string.Join("\n", visits
            .Select(v => $"{byAbstract[v.Id]}|{v.Name}|{v.Phone}|{v.Notes}|{v.Priority}|{v.Status}|{(v.ServiceId == branch.General ? "G" : "B")}")
            .Order(StringComparer.Ordinal));
    }

    private Task<long> FeedVersionAsync(TestBranch branch) =>
        app.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.FeedVersion).SingleAsync());

    private async Task AssertFeedIsGapFreeAndEachActionAppearsOnceAsync(TestBranch branch, long version)
    {
        var feed = await app.WithDbAsync(db => db.Changes.AsNoTracking().Where(c => c.BranchId == branch.Id)
            .OrderBy(c => c.Version).Select(c => new { c.Version, c.ClientId, c.MutationId }).ToListAsync());
        Assert.Equal(Enumerable.Range(1, (int)version).Select(v => (long)v), feed.Select(f => f.Version));
        Assert.Equal(feed.Count, feed.Select(f => (f.ClientId, f.MutationId)).Distinct().Count());
    }
}

public sealed class SqliteConvergenceProperties(SqliteAppFixture fixture)
    : ConvergenceProperties(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresConvergenceProperties(PostgresAppFixture fixture)
    : ConvergenceProperties(fixture.App), IClassFixture<PostgresAppFixture>;
