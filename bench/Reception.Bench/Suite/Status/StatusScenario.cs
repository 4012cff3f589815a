using System.Diagnostics;
using System.Globalization;
using Reception.Bench.Suite.Fanout;
using Reception.Bench.Suite.Memory;

namespace Reception.Bench.Suite.Status;

/// <summary>
/// Visitors' status pages at scale (issue #17): 1,000 open pages (200 in short mode) on one Reception.Web
/// instance, each a SignalR connection to <c>/hubs/visitor</c> watching its own visit. A desk's call must
/// reach the called visitor's page with p99 ≤ 1 s, against the same call reaching a desk; after a burst
/// of 100 calls every page's place in line must match the server's; and (full runs only) an open page's
/// memory is measured against an open desk's, the same way in the same run.
/// </summary>
internal sealed class StatusScenario : ISuiteScenario
{
    private const string ScenarioName = "status";
    private const string Desk = "desk";
    private const int Burst = 100;

    /// <summary>Clients per memory sample after the warm ones: as the memory scenario's full runs.</summary>
    private const int MemoryBlock = 1000;

    /// <summary>Runs differing by less than this (ms) are not noise: a busy 2-core machine's scheduling.</summary>
    private const double NoiseFloor = 2;

    public string Name => ScenarioName;

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteContext context)
    {
        var token = context.Token;
        var pageCount = context.Short ? 200 : 1000;
        var oneByOne = context.Short ? 50 : 100;
        var database = await context.NewDatabaseAsync();
        var secrets = FanoutSecrets.New();
        var figures = new List<Figure>();
        List<(Guid VisitId, string Code)> codes;

        await using (var web = await FanoutServer.StartAsync(ScenarioName, database, redis: null, secrets, token))
        {
            var deskToken = await FanoutSetup.TokenAsync(web.BaseAddress, "desk1", token);
            var receiverToken = await FanoutSetup.TokenAsync(web.BaseAddress, "desk2", token);
            await using var desk = await StatusDesk.ConnectAsync(web.BaseAddress, deskToken, token);
            await using var receiver = new DeskCrowd(_ => FanoutSetup.Connect(web.BaseAddress, receiverToken));
            await receiver.GrowAsync(1, token);
            await using var pages = new StatusPages(web.BaseAddress);

            var opening = Stopwatch.StartNew();
            var opened = await pages.OpenAsync(await desk.RegisterAsync(pageCount, token), token);
            context.Log.WriteLine(F($"   {pageCount} visitors registered and their pages open ({opening.Elapsed.TotalSeconds:F1} s; ") +
                                  F($"connect + Watch per page, 50 at a time: median {Percentile(opened, 0.5):F0} ms, p99 {Percentile(opened, 0.99):F0} ms)"));

            var run = new StatusRun(desk, receiver, pages, oneByOne, Burst);
            var samples = new List<StatusSample>();
            for (var i = 0; i <= context.Rounds * 2; i++)
            {
                var messages = pages.Activity.Messages;
                var took = Stopwatch.StartNew();
                var sample = await run.RunAsync(seed: i, token);
                context.Log.WriteLine(F($"   {(i == 0 ? "warm-up" : $"run {i}")}: {sample} ({took.Elapsed.TotalSeconds:F1} s, ") +
                                      F($"{pages.Activity.Messages - messages} status messages)"));
                if (i > 0)
                {
                    samples.Add(sample);
                }
            }

            figures.AddRange(LatencyFigures(samples, pageCount, oneByOne));
            figures.Add(new Figure(ScenarioName, F($"{pageCount:N0} pages: wrong place in line after a burst of {Burst}"), "pages",
                Stats.Of(samples.Select(s => (double)s.Wrong.Count)), null, null, Target.EveryRunAtMost(0, "0 in every run"),
                F($"After each run's burst of {Burst} calls, once every page shows the feed version of the last call or later (30 s at most), each page's ") +
                "status and place in line, kept as status.js keeps it (the newest version its connection received, its `ahead` while waiting), " +
                "against a desk's snapshot pulled then, each service's waiting visitors in the server's queue order. A page that never reached that version counts as wrong. " +
                F($"All pages had it {Stats.Of(samples.Select(s => s.Settled)).Format("ms")} after the burst's last push was answered (median, min–max of runs).")));

            if (context.Short)
            {
                // A block of 300 clients holds a whole step of the GC's growth or none (see the memory scenario):
                // 1.8 to 17 KB per page in one short run, against about 100 KB per desk. Not worth its two minutes.
                context.Log.WriteLine("   memory per open status page: full runs only");
                return figures;
            }

            // Memory: every page on a visit of its own, open ones as in the runs.
            var waiting = pages.All.Count(p => p.View.Shown?.Status == "waiting");
            await desk.RegisterAsync(Math.Max(0, IdleClients.Warm + MemoryBlock - waiting), token);
            codes = (await desk.SnapshotAsync(token)).Visits.Where(v => v.Status == "waiting").Select(v => (v.Id, v.Code!)).ToList();
        }

        figures.Add(await MemoryFigureAsync(context, database, secrets, codes));
        return figures;
    }

    private static IEnumerable<Figure> LatencyFigures(IReadOnlyList<StatusSample> samples, int pageCount, int oneByOne)
    {
        var n = pageCount.ToString("N0", CultureInfo.InvariantCulture);
        foreach (var (label, pick, calls) in new (string, Func<StatusSample, CallDelays>, int)[]
                 {
                     ("one call at a time", s => s.OneByOne, oneByOne),
                     (F($"in a burst of {Burst}"), s => s.Burst, Burst),
                 })
        {
            foreach (var (name, p) in new[] { ("p99", 0.99), ("p95", 0.95), ("median", 0.5) })
            {
                yield return new Figure(ScenarioName, $"{n} pages, call → called page, {label}: {name}", "ms",
                    Stats.Of(samples.Select(s => pick(s).PageAt(p))), Desk, Stats.Of(samples.Select(s => pick(s).DeskAt(p))),
                    p == 0.99 ? Target.AtMost(1000, "≤ 1 s") : null,
                    p == 0.99 ? Measured(n, label, calls) : null, NoiseFloor);
            }
        }
    }

    private static string Measured(string pages, string label, int calls) =>
        F($"Delay from just before desk1's push of a `call` (one visitor per push, through the instance's queue hub) to the first `status` message ") +
        F($"saying `called` reaching that visitor's status page, one of {pages} open pages (SignalR .NET clients on /hubs/visitor over loopback WebSockets, ") +
        F($"each having called Watch(code) as link.js does); {calls} calls per run, {label}, random waiting visitors. Baseline: the same call's `changes` ") +
        "message reaching desk2's connection (/hubs/queue), timed from the same instant: what the status page costs over a desk.";

    private static async Task<Figure> MemoryFigureAsync(SuiteContext context, string database, FanoutSecrets secrets,
        IReadOnlyList<(Guid VisitId, string Code)> codes)
    {
        var token = context.Token;

        async Task<MemorySample> Pages()
        {
            await using var web = await FanoutServer.StartAsync(ScenarioName, database, redis: null, secrets, token);
            var next = -1;
            var activity = new PageActivity();
            return await IdleClients.MeasureAsync(web.ProcessId, MemoryBlock, async ct =>
            {
                var (visitId, code) = codes[Interlocked.Increment(ref next)];
                return await StatusPage.OpenAsync(web.BaseAddress, visitId, code, activity, ct);
            }, token);
        }

        async Task<MemorySample> Desks()
        {
            await using var web = await FanoutServer.StartAsync(ScenarioName, database, redis: null, secrets, token);
            var login = await FanoutSetup.TokenAsync(web.BaseAddress, "desk1", token);
            return await IdleClients.MeasureAsync(web.ProcessId, MemoryBlock, ct => MemoryScenario.ConnectDeskAsync(web.BaseAddress, login, ct), token);
        }

        var (pages, desks) = await Abba.RunAsync(context.Rounds, Pages, Desks,
            (label, sample) => context.Log.WriteLine($"   memory, {label}: {sample}"));
        return new Figure(ScenarioName, "memory per open status page", "KB",
            Stats.Of(pages.Select(s => s.PerClient)), "open desk", Stats.Of(desks.Select(s => s.PerClient)), null,
            F($"As the memory scenario measures a desk (IdleClients): each sample a fresh Reception.Web process on this scenario's database, ") +
            F($"{IdleClients.Warm} clients first and kept open, then {MemoryBlock:N0} more; resident memory before and after, divided by their number. ") +
            "Pages: /hubs/visitor connections, each having called Watch on a waiting visit of its own; desks: desk1's token, Subscribe(\"demo\"). " +
            F($"RssAnon per client: pages {Stats.Of(pages.Select(s => s.AnonymousPerClient)).Median:F1} KB, desks {Stats.Of(desks.Select(s => s.AnonymousPerClient)).Median:F1} KB."));
    }

    private static double Percentile(double[] values, double p) => LatencyRun.Percentile([.. values.Order()], p);

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
