using Microsoft.AspNetCore.SignalR.Client;
using Reception.Bench.Suite.Fanout;

namespace Reception.Bench.Suite.Branches;

/// <summary>
/// Many branches on one instance (issue 19): pushes of one action to a real Reception.Web process
/// (Kestrel, PostgreSQL with durable commits), B branches x D clients, each client with an API key and
/// a clientId of its own. Closed loop, 1 x 1, 16 x 1 and 16 x 4, each beside raw Npgsql transactions
/// doing the same writes on the same branches with the same concurrency; then open loop at a person's
/// rate (one action per desk every 5 s), half the desks pushing through the hub over their own SignalR
/// connection (receiving their branch's changes as a desk does), half over REST, beside raw Npgsql on
/// the same schedule.
/// </summary>
internal sealed class BranchesScenario : ISuiteScenario
{
    private const string Rate = "actions/s";
    private const string RawName = "raw Npgsql";

    public string Name => "branches";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteContext context)
    {
        var token = context.Token;
        var database = await context.NewDatabaseAsync();
        await using var server = await FanoutServer.StartAsync("branches", database, null, FanoutSecrets.New(), token);
        using var http = new HttpClient(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60),
        };
        // The app's own Npgsql settings (automatic preparation): the same statements cost the server the same.
        await using var raw = new RawSide(null, RawSide.DataSource(database, prepared: true));

        var figures = new List<Figure>();
        try
        {
            figures.AddRange(await ClosedAsync(context, database, server, http, raw));
            (int Desks, int Branches)[] open = context.Short ? [(300, 32), (600, 60)] : [(1500, 32), (3000, 300)];
            foreach (var (desks, branches) in open)
            {
                figures.AddRange(await OpenAsync(context, database, server, http, raw, desks, branches));
            }
        }
        catch (BenchFailure)
        {
            // An answer the scenario did not expect (a 500): the instance's last log lines say why.
            context.Log.WriteLine($"     the instance's last log lines:{Environment.NewLine}{server.Output}");
            throw;
        }

        return figures;
    }

    private async Task<IReadOnlyList<Figure>> ClosedAsync(SuiteContext context, string database, FanoutServer server,
        HttpClient http, RawSide raw)
    {
        var token = context.Token;
        var fleet = await BranchFleet.CreateAsync(database, 16, 64, token);
        // The first warm-up also warms the server's JIT (tiered compilation), which a short run would leave half done.
        // At 16 branches a run lasts 4-7 s: runs of 3,200 actions lasted 1.5 s, and one pause of the machine moved a ratio by a tenth.
        var (single, many, firstWarmup) = context.Short ? (200, 640, 600) : (1000, 12000, 3000);
        var samples = new Dictionary<string, IReadOnlyList<Measurement>>();
        var warmed = false;

        // profile: one more run of each side after the timed ones, with PgProfile watching.
        async Task<Figure> CompareAsync(string measure, int branches, int perBranch, int actions, Target? target, bool profile = false)
        {
            var clients = BranchFleet.Take(fleet, branches, perBranch);
            Func<Task<Measurement>> Sized(string side, Func<FleetClient, ApplyOne> sender)
            {
                var runs = 0;
                return async () =>
                {
                    await context.CheckpointAsync(database);
                    var n = runs++ == 0 && !warmed ? firstWarmup : actions;
                    return await ClosedLoop.RunAsync(side, clients, n, sender, token);
                };
            }

            var (a, b) = await Abba.RunAsync(context.Rounds, Sized("REST", c => FleetPush.Rest(http, c)), Sized(RawName, _ => FleetPush.Raw(raw)),
                (label, m) => context.Log.WriteLine($"     {measure,-24} {label,-18} {m.Side,-10} {m.Rate,6:F0} {Rate} " +
                                                    $"({m.Actions} actions in {m.Elapsed.TotalSeconds:F2} s)"));
            warmed = true;
            samples[measure] = a;
            if (profile)
            {
                await ProfileAsync(context, database, measure, clients, actions, "REST", c => FleetPush.Rest(http, c));
                await ProfileAsync(context, database, measure, clients, actions, RawName, _ => FleetPush.Raw(raw));
            }

            return new Figure(Name, measure, Rate, Stats.Of(a.Select(m => m.Rate)), RawName, Stats.Of(b.Select(m => m.Rate)), target,
                $"{actions} actions per timed run shared by {clients.Count} clients ({branches} branches x {perBranch}), each with its own " +
                "API key and clientId, each pushing one action at a time (POST /api/v1/sync/push) as soon as the last answered; " +
                "raw: the same actions as one Npgsql transaction each on the same branches, as many at once, with the app's Npgsql settings");
        }

        const string one = "1 branch x 1 client", sixteen = "16 branches x 1 client", four = "16 branches x 4 clients";
        List<Figure> figures =
        [
            await CompareAsync(one, 1, 1, single, null, profile: true),
            await CompareAsync(sixteen, 16, 1, many, Target.RatioAtLeast(0.7, "≥ 0.7 x raw")),
            await CompareAsync(four, 16, 4, many, null, profile: true),
        ];
        figures.Add(new Figure(Name, "4 clients per branch vs 1 (16 branches)", Rate, Stats.Of(samples[four].Select(m => m.Rate)), sixteen,
            Stats.Of(samples[sixteen].Select(m => m.Rate)), Target.RatioAtLeast(0.9, "≥ 0.9 x"),
            "the REST runs of the two figures above: contention on the branch lock must not waste the machine"));
        return figures;
    }

    private static async Task ProfileAsync(SuiteContext context, string database, string measure, IReadOnlyList<FleetClient> clients,
        int actions, string side, Func<FleetClient, ApplyOne> sender)
    {
        await context.CheckpointAsync(database);
        await using var profile = await PgProfile.StartAsync(database, context.Token);
        var run = await ClosedLoop.RunAsync(side, clients, actions, sender, context.Token);
        if (profile is null)
        {
            context.Log.WriteLine("     (no profile: pg_stat_statements is not preloaded)");
            return;
        }

        await profile.WriteAsync($"{measure}, {side}, {run.Rate:F0} {Rate}", actions, context.Log, context.Token);
    }

    private async Task<IReadOnlyList<Figure>> OpenAsync(SuiteContext context, string database, FanoutServer server, HttpClient http,
        RawSide raw, int desks, int branches)
    {
        var token = context.Token;
        var duration = TimeSpan.FromSeconds(context.Short ? 15 : 30);
        var fleet = await BranchFleet.CreateAsync(database, branches, desks, token);
        var hubs = new List<HubConnection>();
        try
        {
            // Even desks push through the hub, odd ones over REST; 50 hub connections at a time, as the fan-out's crowd connects.
            var app = new List<(FleetClient, ApplyOne)>();
            foreach (var batch in fleet.Chunk(100))
            {
                var connecting = new List<Task>();
                foreach (var (client, i) in batch.Select((c, i) => (c, i)))
                {
                    if (ViaHub(i))
                    {
                        var connection = FleetPush.Connect(server.BaseAddress, client);
                        hubs.Add(connection);
                        connecting.Add(DeskCrowd.JoinAsync(connection, token));
                        app.Add((client, FleetPush.Hub(connection)));
                    }
                    else
                    {
                        app.Add((client, FleetPush.Rest(http, client)));
                    }
                }

                await Task.WhenAll(connecting);
            }

            var baseline = fleet.Select(c => (c, FleetPush.Raw(raw))).ToList();
            var measure = $"open loop, {desks} desks / {branches} branches";
            var due = desks / OpenLoop.Period.TotalSeconds;
            void Log(string label, OpenRun r) =>
                context.Log.WriteLine($"     {measure,-36} {label,-22} {r.Side,-10} p50 {r.Percentile(0.5),6:F1} ms, " +
                                      $"p99 {r.Percentile(0.99),6:F1} ms, {r.Rate,5:F0} of {due:F0} {Rate} due ({r.Latencies.Length} pushes)" +
                                      (r.Hub is null ? "" : $"; hub desks p50 {OpenRun.Quantile(r.Hub, 0.5):F1} / p99 {OpenRun.Quantile(r.Hub, 0.99):F1} ms, " +
                                                            $"REST desks p50 {OpenRun.Quantile(r.Rest, 0.5):F1} / p99 {OpenRun.Quantile(r.Rest, 0.99):F1} ms"));
            var (a, b) = await Abba.RunAsync(context.Rounds,
                async () =>
                {
                    await context.CheckpointAsync(database);
                    return await OpenLoop.RunAsync("hub + REST", app, duration, token, ViaHub);
                },
                async () =>
                {
                    await context.CheckpointAsync(database);
                    return await OpenLoop.RunAsync(RawName, baseline, duration, token);
                },
                (label, r) => Log(label, r));

            // The same desks once more with the hub desks out of their branch's group: no broadcast
            // leaves the instance, so what is left of the hub desks' time is the pushes' own.
            await Task.WhenAll(hubs.Select((c, i) => c.InvokeAsync("Unsubscribe", fleet[2 * i].Branch.Slug, token)));
            await context.CheckpointAsync(database);
            var unsubscribed = await OpenLoop.RunAsync("hub + REST", app, duration, token, ViaHub);
            Log("hub desks unsubscribed", unsubscribed);

            var note = $"{desks} desks spread over {branches} branches, each one action every {OpenLoop.Period.TotalSeconds:F0} s " +
                       $"({due:F0} {Rate} due) for {duration.TotalSeconds:F0} s per timed run, starts spread over the first period; " +
                       "half push through the hub on their own SignalR connection (and receive their branch's changes), half over REST, " +
                       "each with its own API key; a push is timed from when it was due; raw: the same actions on the same schedule " +
                       "as Npgsql transactions; a discarded warm-up pair first (new branches, keys and clientIds are slow on their first pushes)";
            var raw99 = Stats.Of(b.Select(r => r.Percentile(0.99)));
            Figure Apart(string which, IEnumerable<double[]?> runs) =>
                new(Name, $"{measure}: push p99, {which}", "ms", Stats.Of(runs.Select(l => OpenRun.Quantile(l, 0.99))), RawName, raw99,
                    null, null, NoiseFloor: 5);
            return
            [
                Latency($"{measure}: push p99", a, b, 0.99, Target.AtMost(100, "≤ 100 ms"), note),
                Apart("hub desks", a.Select(r => r.Hub)),
                Apart("REST desks", a.Select(r => r.Rest)),
                Apart("hub desks, none subscribed", [unsubscribed.Hub]),
                Apart("REST desks, hub desks not subscribed", [unsubscribed.Rest]),
                Latency($"{measure}: push p50", a, b, 0.5, null, null),
                new Figure(Name, $"{measure}: rate achieved", Rate, Stats.Of(a.Select(r => r.Rate)), RawName, Stats.Of(b.Select(r => r.Rate)),
                    Target.AtLeast(0.95 * due, $"≥ 95 % of the {due:F0} {Rate} due")),
            ];
        }
        finally
        {
            foreach (var batch in hubs.Chunk(50))
            {
                await Task.WhenAll(batch.Select(c => c.DisposeAsync().AsTask()));
            }
        }
    }

    // Even desks push through the hub, odd ones over REST (as the fleet is built above).
    private static bool ViaHub(int desk) => desk % 2 == 0;

    private Figure Latency(string measure, IReadOnlyList<OpenRun> candidate, IReadOnlyList<OpenRun> baseline, double p, Target? target,
        string? note) =>
        new(Name, measure, "ms", Stats.Of(candidate.Select(r => r.Percentile(p))), RawName, Stats.Of(baseline.Select(r => r.Percentile(p))),
            target, note, NoiseFloor: 5);
}
