using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Reception.Bench.Suite;

/// <summary>
/// <c>--scenario suite [--short] [--only a,b] [--out DIR]</c>: every scenario in turn, each figure
/// beside a baseline measured in the same run, then report.md and chart.png in one folder.
/// A scenario that fails is reported as failed; the others still run.
/// </summary>
internal static class SuiteMain
{
    public const string ResultsVariable = "RECEPTION_BENCH_RESULTS";

    /// <summary>Every scenario, in the order they run.</summary>
    private static IReadOnlyList<ISuiteScenario> Scenarios() =>
    [
        new Apply.ApplyScenario(),
        new Fanout.FanoutScaleScenario(),
        new CatchUp.CatchUpScenario(),
        new Rest.RestScenario(),
        new Memory.MemoryScenario(),
        new Desk.DeskScenario(),
        new Status.StatusScenario(),
        new Branches.BranchesScenario(),
    ];

    public const string Usage = """
        Usage: bash scripts/bench.sh --scenario suite [--short] [--only NAME,NAME] [--out DIR]

          --short       smaller runs and one A-B-B-A round: the whole suite in under 8 minutes
          --only NAMES  run only these scenarios (comma-separated): apply, fanout, catchup, rest, memory, desk, status, branches
          --out DIR     where report.md and chart.png go (default: bench/results/<UTC date-time>)
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        bool quick = false;
        string? only = null, output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--short":
                    quick = true;
                    break;
                case "--only" when i + 1 < args.Count:
                    only = args[++i];
                    break;
                case "--out" when i + 1 < args.Count:
                    output = args[++i];
                    break;
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                default:
                    Console.Error.WriteLine($"Unknown or incomplete argument '{args[i]}'.");
                    Console.Error.WriteLine(Usage);
                    return 2;
            }
        }

        var scenarios = Scenarios();
        if (only is not null)
        {
            var names = only.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (names.FirstOrDefault(n => scenarios.All(s => s.Name != n)) is { } unknown)
            {
                Console.Error.WriteLine($"There is no scenario '{unknown}'; the scenarios are {string.Join(", ", scenarios.Select(s => s.Name))}.");
                return 2;
            }

            scenarios = scenarios.Where(s => names.Contains(s.Name)).ToList();
        }

        var redis = Environment.GetEnvironmentVariable(FanoutMain.RedisVariable) is { Length: > 0 } r ? r : null;
        if (BenchDatabase.ServerConnectionString is not { } server || redis is null)
        {
            Console.Error.WriteLine(
                $"{BenchDatabase.Variable} and {FanoutMain.RedisVariable} must both be set. Run `bash scripts/bench.sh --scenario suite`, " +
                "which starts a throwaway PostgreSQL (durable commits) and Redis and sets them.");
            return 2;
        }

        output ??= Path.Combine(
            Environment.GetEnvironmentVariable(ResultsVariable) is { Length: > 0 } root ? root : Path.Combine("bench", "results"),
            DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));

        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => cancel.Cancel());

        var clock = Stopwatch.StartNew();
        var figures = new List<Figure>();
        var failures = new List<string>();
        string environment;
        await using (var context = new SuiteContext(server, redis, quick, Console.Out, cancel.Token))
        {
            var probe = await context.NewDatabaseAsync();
            environment = await BenchDatabase.DescribeAsync(probe, cancel.Token);
            Console.WriteLine(environment);
            foreach (var scenario in scenarios)
            {
                var started = clock.Elapsed;
                Console.WriteLine($"== {scenario.Name}");
                try
                {
                    var measured = await scenario.RunAsync(context);
                    figures.AddRange(measured);
                    foreach (var f in measured)
                    {
                        Console.WriteLine($"   {f.Measure}: {f.Candidate.Format(f.Unit)}" +
                                          (f.Baseline is { } b ? $" vs {f.BaselineName} {b.Format(f.Unit)}" : "") +
                                          (f.Ratio is { } ratio ? $", ratio {Stats.Number(ratio)}" : "") +
                                          (f.Met is { } met ? $", target {f.Target!.Text}: {(met ? "met" : "NOT met")}" : "") +
                                          (f.Noisy ? ", noisy" : ""));
                    }
                }
                catch (Exception) when (cancel.IsCancellationRequested)
                {
                    Console.Error.WriteLine("Interrupted.");
                    return 130;
                }
                catch (Exception e)
                {
                    var message = e is BenchFailure ? e.Message : e.ToString();
                    failures.Add($"{scenario.Name}: {message.Split('\n')[0]}");
                    Console.Error.WriteLine($"The scenario {scenario.Name} failed: {message}");
                }

                // Idle pooled connections of a finished scenario must not eat into the next one's
                // share of max_connections (the fan-out's instances open many at once).
                Npgsql.NpgsqlConnection.ClearAllPools();
                Console.WriteLine($"   ({scenario.Name} took {(clock.Elapsed - started).TotalSeconds:F0} s)");
            }
        }

        await SuiteReport.WriteAsync(output, figures, failures, environment, quick, clock.Elapsed, CancellationToken.None);
        var judged = figures.Where(f => f.Met is not null).ToList();
        Console.WriteLine($"Report: {Path.Combine(output, "report.md")} and chart.png beside it.");
        Console.WriteLine($"suite: {figures.Count} figures, {judged.Count(f => f.Met == true)} of {judged.Count} targets met, " +
                          $"{figures.Count(f => f.Noisy)} noisy, {failures.Count} scenarios failed, {clock.Elapsed.TotalMinutes:F1} min");
        return failures.Count == 0 ? 0 : 1;
    }
}
