using System.Globalization;

namespace Reception.Bench;

/// <summary>One setup's measure over the timed runs: the median and range of the runs' medians and p99s.</summary>
internal sealed record LatencySummary(string Setup, string Measure, int Runs, double Median, double MedianMin, double MedianMax,
    double P99, double P99Min, double P99Max)
{
    /// <summary>
    /// The runs disagree by more than <see cref="FanoutReport.NoisyMedian"/> of the median (or
    /// <see cref="FanoutReport.NoisyP99"/> of the p99), and by more than the scheduler's jitter
    /// (<see cref="FanoutReport.Jitter"/> ms). Relative, not max/min: a delay after the push returned can be zero or negative.
    /// </summary>
    public bool Noisy => Disagree(MedianMax - MedianMin, Median, FanoutReport.NoisyMedian)
                         || Disagree(P99Max - P99Min, P99, FanoutReport.NoisyP99);

    public static LatencySummary Of(string setup, string measure, IEnumerable<LatencyRun> runs)
    {
        var mine = runs.Where(r => r.Setup == setup && r.Measure == measure).ToList();
        var medians = mine.Select(r => r.Median).Order().ToArray();
        var p99s = mine.Select(r => r.P99).Order().ToArray();
        return new LatencySummary(setup, measure, mine.Count, Middle(medians), medians[0], medians[^1], Middle(p99s), p99s[0], p99s[^1]);
    }

    private static bool Disagree(double range, double value, double tolerance) =>
        range > FanoutReport.Jitter && range > tolerance * Math.Abs(value);

    private static double Middle(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

internal static class FanoutReport
{
    public const double NoisyMedian = 0.3;
    public const double NoisyP99 = 1.0;
    public const double Jitter = 0.1;
    public const double EchoTarget = 2.0;
    public const double TwoInstancesTarget = 1.5;

    private static readonly string[] Order = [Measures.Echo, Measures.Push, Measures.AfterReturn, Measures.FromSend];

    /// <summary>A markdown table, then the two summary lines, which are always the last lines printed.</summary>
    public static void Print(FanoutResults results, FanoutOptions options, TextWriter output)
    {
        var rows = new[] { Measures.OneInstance, Measures.TwoInstances }
            .SelectMany(setup => Order.Select(measure => LatencySummary.Of(setup, measure, results.Runs)))
            .ToList();
        LatencySummary Row(string setup, string measure) => rows.Single(r => r.Setup == setup && r.Measure == measure);

        output.WriteLine();
        output.WriteLine(F($"{options.Pushes} pushes per run, one register per push, each right after an echo; runs on one, two, two, one instance(s) x {options.Rounds} after a warm-up of {options.Warmup} pushes per setup"));
        output.WriteLine("one instance: both desks on one instance, no Redis; two instances: pushed through instance B, received on instance A, Redis between them");
        output.WriteLine();
        output.WriteLine("| setup | measure | runs | median ms | min–max of run medians | p99 ms | min–max of run p99s |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in rows)
        {
            output.WriteLine(F($"| {r.Setup} | {r.Measure} | {r.Runs} | {r.Median:F3} | {r.MedianMin:F3}–{r.MedianMax:F3} | {r.P99:F3} | {r.P99Min:F3}–{r.P99Max:F3} |{(r.Noisy ? " (noisy)" : "")}"));
        }

        output.WriteLine();
        foreach (var (setup, (early, pushes)) in results.Early)
        {
            output.WriteLine(F($"{setup}: {early} of {pushes} changes ({100.0 * early / pushes:F1} %) reached the other desk before the pusher had its answer."));
        }

        var noisy = rows.Where(r => r.Noisy).ToList();
        if (noisy.Count > 0)
        {
            output.WriteLine(F($"NOISY: {string.Join(", ", noisy.Select(r => $"{r.Setup} {r.Measure}"))}: the runs' medians differ by more than {NoisyMedian:P0} (or their p99s by more than {NoisyP99:P0}); rerun on a quiet machine or with more --rounds."));
        }

        var echo1 = Row(Measures.OneInstance, Measures.Echo);
        var echo2 = Row(Measures.TwoInstances, Measures.Echo);
        var one = Row(Measures.OneInstance, Measures.AfterReturn);
        var two = Row(Measures.TwoInstances, Measures.AfterReturn);
        var oneSent = Row(Measures.OneInstance, Measures.FromSend);
        var twoSent = Row(Measures.TwoInstances, Measures.FromSend);
        var ratioEcho = one.Median / echo1.Median;
        var ratioTwo = two.P99 / one.P99;
        var suffix = noisy.Count > 0 ? ", noisy" : "";

        output.WriteLine(one.Median <= 0
            ? F($"One instance: the change reaches the other desk {-one.Median:F3} ms (median) BEFORE the push returns: target met.")
            : F($"One instance: the change reaches the other desk {one.Median:F3} ms (median) after the push returns, {ratioEcho:F2} x an echo: {(ratioEcho <= EchoTarget ? "target met" : $"ABOVE the target of {EchoTarget:F0}")}."));
        output.WriteLine(F($"Two instances: the p99 after the push returned is {two.P99 - one.P99:F3} ms later than on one instance ({ratioTwo:F2} x; echo p99 {echo1.P99:F3} ms): {(ratioTwo <= TwoInstancesTarget ? "target met" : $"ABOVE the target of {TwoInstancesTarget:F1} x")}; from before the push, {twoSent.P99 / oneSent.P99:F2} x."));
        output.WriteLine(F($"fanout one instance: push→receipt median {one.Median:F3} ms p99 {one.P99:F3} ms (from before the push: median {oneSent.Median:F3} ms p99 {oneSent.P99:F3} ms); echo median {echo1.Median:F3} ms p99 {echo1.P99:F3} ms; ratio median/echo {ratioEcho:F2} (target ≤ {EchoTarget:F0}){suffix}"));
        output.WriteLine(F($"fanout two instances: push→receipt median {two.Median:F3} ms p99 {two.P99:F3} ms (from before the push: median {twoSent.Median:F3} ms p99 {twoSent.P99:F3} ms); echo median {echo2.Median:F3} ms p99 {echo2.P99:F3} ms; p99 ratio two/one {ratioTwo:F2} (target ≤ {TwoInstancesTarget:F1}){suffix}"));
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
