using System.Globalization;

namespace Reception.Bench;

internal sealed record SideSummary(string Side, int Runs, double Median, double Min, double Max)
{
    public double Spread => Max / Min;
    public bool Noisy => Spread > Report.NoisySpread;

    public static SideSummary Of(string side, IEnumerable<Measurement> measurements)
    {
        var rates = measurements.Where(m => m.Side == side).Select(m => m.Rate).Order().ToArray();
        var mid = rates.Length / 2;
        var median = rates.Length % 2 == 1 ? rates[mid] : (rates[mid - 1] + rates[mid]) / 2;
        return new SideSummary(side, rates.Length, median, rates[0], rates[^1]);
    }
}

internal static class Report
{
    public const double NoisySpread = 1.3;
    public const double Target = 0.5;

    /// <summary>A markdown table, then one summary line, which is always the last line printed.</summary>
    public static void Print(IReadOnlyList<Measurement> measurements, BenchOptions options, TextWriter output)
    {
        var pipeline = SideSummary.Of(PipelineSide.Name, measurements);
        var raw = SideSummary.Of(RawSide.Name, measurements);
        var ratio = pipeline.Median / raw.Median;

        output.WriteLine();
        output.WriteLine(F($"{options.Actions} actions per run, {options.Desks} desk(s) on one branch, one action per push; A-B-B-A x {options.Rounds} after a warm-up of {options.Warmup}"));
        output.WriteLine();
        output.WriteLine("| side | runs | median actions/s | min–max actions/s | spread (max/min) |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var s in new[] { pipeline, raw })
        {
            output.WriteLine(F($"| {s.Side} | {s.Runs} | {s.Median:F0} | {s.Min:F0}–{s.Max:F0} | {s.Spread:F2}{(s.Noisy ? " (noisy)" : "")} |"));
        }

        output.WriteLine();
        var noisy = pipeline.Noisy || raw.Noisy;
        if (noisy)
        {
            output.WriteLine(F($"NOISY: a side's max/min exceeds {NoisySpread:F1}; rerun on a quiet machine or with more --rounds."));
        }

        output.WriteLine(ratio >= Target
            ? F($"The pipeline reaches {ratio:F2} x the raw baseline: target met.")
            : F($"The pipeline reaches {ratio:F2} x the raw baseline: BELOW the target of {Target:F1}."));
        output.WriteLine(F($"pipeline {pipeline.Median:F0} actions/s, raw {raw.Median:F0} actions/s, ratio {ratio:F2} (target >= {Target:F1}){(noisy ? ", noisy" : "")}"));
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
