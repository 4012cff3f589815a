namespace Reception.Bench;

/// <summary>What one timed run of a setup yields, one figure per call or push, in milliseconds.</summary>
internal sealed record LatencyRun(string Setup, string Measure, double Median, double P99, int Count)
{
    public static LatencyRun Of(string setup, string measure, IReadOnlyCollection<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        return new LatencyRun(setup, measure, Percentile(sorted, 0.5), Percentile(sorted, 0.99), sorted.Length);
    }

    /// <summary>Nearest rank: the smallest sample that at least <paramref name="p"/> of them do not exceed.</summary>
    public static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

internal static class Measures
{
    public const string OneInstance = "one instance";
    public const string TwoInstances = "two instances";

    /// <summary>A hub Echo round trip: the baseline.</summary>
    public const string Echo = "echo round trip";

    /// <summary>The pusher's Push call, sent to answered.</summary>
    public const string Push = "push round trip";

    /// <summary>From the pusher's Push returning to the other desk receiving the change: the candidate.</summary>
    public const string AfterReturn = "push returned → receipt";

    /// <summary>From just before the push to the other desk receiving the change: what a person sees.</summary>
    public const string FromSend = "push sent → receipt";
}
