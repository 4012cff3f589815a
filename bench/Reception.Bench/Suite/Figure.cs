using System.Globalization;

namespace Reception.Bench.Suite;

/// <summary>The median and range of one measure over the timed repetitions of a scenario.</summary>
internal sealed record Stats(double Median, double Min, double Max, int Runs)
{
    /// <summary>A side whose runs differ by more than this share of their median is flagged noisy.</summary>
    public const double NoiseLimit = 0.3;

    public static Stats Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0)
        {
            throw new ArgumentException("No samples.", nameof(samples));
        }

        var mid = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new Stats(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <param name="floor">Differences below this (in the measure's unit) never count as noise: a spread of
    /// 0.02 ms around a median of 0.01 ms says nothing.</param>
    public bool IsNoisy(double floor = 0) => Max - Min > Math.Max(NoiseLimit * Math.Abs(Median), floor);

    public string Format(string unit) => string.Create(CultureInfo.InvariantCulture,
        $"{Number(Median)} {unit} ({Number(Min)}–{Number(Max)})");

    public static string Number(double value) => value switch
    {
        >= 100 or <= -100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 or <= -10 => value.ToString("F1", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}

/// <summary>How a figure is judged.</summary>
internal enum TargetKind
{
    /// <summary>candidate / baseline must be at least the limit.</summary>
    RatioAtLeast,

    /// <summary>candidate / baseline must be at most the limit.</summary>
    RatioAtMost,

    /// <summary>The candidate's median must be at least the limit (in the figure's unit).</summary>
    AtLeast,

    /// <summary>The candidate's median must be at most the limit (in the figure's unit).</summary>
    AtMost,

    /// <summary>Every timed repetition of the candidate must be at most the limit: its largest value is judged.</summary>
    EveryRunAtMost,
}

internal sealed record Target(TargetKind Kind, double Limit, string Text)
{
    public static Target RatioAtLeast(double limit, string text) => new(TargetKind.RatioAtLeast, limit, text);

    public static Target RatioAtMost(double limit, string text) => new(TargetKind.RatioAtMost, limit, text);

    public static Target AtLeast(double limit, string text) => new(TargetKind.AtLeast, limit, text);

    public static Target AtMost(double limit, string text) => new(TargetKind.AtMost, limit, text);

    public static Target EveryRunAtMost(double limit, string text) => new(TargetKind.EveryRunAtMost, limit, text);
}

/// <summary>
/// One reported figure: a measure of the candidate beside its baseline from the same run, and the
/// target it is judged by. <see cref="Baseline"/> is null only for an absolute figure with no
/// natural baseline (round trips of a pull).
/// </summary>
/// <param name="NoiseFloor">Passed to <see cref="Stats.IsNoisy"/> for both sides.</param>
internal sealed record Figure(
    string Scenario,
    string Measure,
    string Unit,
    Stats Candidate,
    string? BaselineName,
    Stats? Baseline,
    Target? Target,
    string? Note = null,
    double NoiseFloor = 0)
{
    public double? Ratio => Baseline is { Median: not 0 } b ? Candidate.Median / b.Median : null;

    public bool Noisy => Candidate.IsNoisy(NoiseFloor) || Baseline?.IsNoisy(NoiseFloor) == true;

    /// <summary>Null when there is no target, or a ratio target without a ratio.</summary>
    public bool? Met => Target switch
    {
        null => null,
        { Kind: TargetKind.RatioAtLeast } t => Ratio is { } r ? r >= t.Limit : null,
        { Kind: TargetKind.RatioAtMost } t => Ratio is { } r ? r <= t.Limit : null,
        { Kind: TargetKind.AtLeast } t => Candidate.Median >= t.Limit,
        { Kind: TargetKind.AtMost } t => Candidate.Median <= t.Limit,
        { Kind: TargetKind.EveryRunAtMost } t => Candidate.Max <= t.Limit,
        _ => null,
    };

    /// <summary>How far the figure is from its target, as a factor where 1 is the target and above 1 is better.</summary>
    public double? Headroom
    {
        get
        {
            var value = Target?.Kind switch
            {
                TargetKind.RatioAtLeast or TargetKind.RatioAtMost => Ratio,
                TargetKind.EveryRunAtMost => Candidate.Max,
                _ => Candidate.Median,
            };
            if (Target is not { } t || value is not { } v || v <= 0 || t.Limit <= 0)
            {
                return null;
            }

            return t.Kind is TargetKind.RatioAtLeast or TargetKind.AtLeast ? v / t.Limit : t.Limit / v;
        }
    }
}
