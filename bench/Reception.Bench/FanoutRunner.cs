using System.Globalization;

namespace Reception.Bench;

/// <summary>Everything the timed runs measured.</summary>
internal sealed record FanoutResults(IReadOnlyList<LatencyRun> Runs, IReadOnlyDictionary<string, (int Early, int Pushes)> Early);

/// <summary>
/// Echo and push alternate call by call inside each run (see <see cref="FanoutSetup.RunAsync"/>).
/// The setups alternate A-B-B-A per round, after one discarded warm-up of each (the instances'
/// JIT), so that drift during a round (table growth, a checkpoint) falls on both alike.
/// </summary>
internal static class FanoutRunner
{
    public static async Task<FanoutResults> RunAsync(FanoutSetup one, FanoutSetup two, FanoutOptions options, TextWriter log,
        CancellationToken cancellationToken)
    {
        var runs = new List<LatencyRun>();
        var early = new Dictionary<string, (int Early, int Pushes)> { [one.Name] = (0, 0), [two.Name] = (0, 0) };

        async Task RunAsync(string label, FanoutSetup setup, int pushes, bool keep)
        {
            var run = await setup.RunAsync(pushes, cancellationToken);
            log.WriteLine(F($"  {label,-9} {setup.Name,-13} returned→receipt {run.AfterReturn.Median,6:F3}/{run.AfterReturn.P99,6:F3} ms (median/p99), ") +
                F($"echo {run.Echo.Median:F3}/{run.Echo.P99:F3}, push {run.Push.Median:F3}/{run.Push.P99:F3}, sent→receipt {run.FromSend.Median:F3}/{run.FromSend.P99:F3}; ") +
                F($"{run.Early} of {pushes} before the answer"));
            if (keep)
            {
                runs.AddRange(run.All);
                var (e, n) = early[setup.Name];
                early[setup.Name] = (e + run.Early, n + pushes);
            }
        }

        foreach (var setup in new[] { one, two })
        {
            await RunAsync("warm-up", setup, options.Warmup, keep: false);
        }

        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var setup in new[] { one, two, two, one })
            {
                await RunAsync($"round {round}", setup, options.Pushes, keep: true);
            }
        }

        return new FanoutResults(runs, early);
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
