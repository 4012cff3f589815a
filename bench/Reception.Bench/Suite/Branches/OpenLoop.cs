using System.Diagnostics;
using Reception.Sync.Wire;

namespace Reception.Bench.Suite.Branches;

/// <summary>
/// One open-loop run: each push's time from when it was due to its answer, and the rate achieved;
/// <see cref="Hub"/> and <see cref="Rest"/> the same latencies of the desks pushing each way, when the run had both.
/// </summary>
internal sealed record OpenRun(string Side, int Desks, double[] Latencies, double Rate, double[]? Hub = null, double[]? Rest = null)
{
    /// <summary>The p-quantile (0.99: p99) of the latencies, in ms.</summary>
    public double Percentile(double p) => Quantile(Latencies, p);

    /// <summary>The p-quantile of <paramref name="values"/> (NaN when there are none).</summary>
    public static double Quantile(double[]? values, double p)
    {
        var sorted = (values ?? []).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }
}

/// <summary>
/// Desks as people use them: each sends one action every <see cref="Period"/> whatever the others
/// do (an open loop), their starts spread evenly over the first period. A push is timed from when it
/// was due, not from when it left: a push held up behind a slow one counts its wait (no coordinated
/// omission). A desk whose push is still out when its next is due sends the next when it answers.
/// </summary>
internal static class OpenLoop
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    /// <param name="senders">One per desk, with the desk's client.</param>
    /// <param name="viaHub">Which desks (by index) push through the hub, to time them apart from the REST ones; null: no split.</param>
    public static async Task<OpenRun> RunAsync(string side, IReadOnlyList<(FleetClient Client, ApplyOne Apply)> senders,
        TimeSpan duration, CancellationToken cancellationToken, Func<int, bool>? viaHub = null)
    {
        var latencies = new List<double>[senders.Count];
        var start = Stopwatch.GetTimestamp();
        var last = start;
        await Task.WhenAll(senders.Select((sender, i) => Task.Run(async () =>
        {
            var mine = latencies[i] = [];
            var script = new DeskScript(sender.Client.Branch, sender.Client.Desk);
            VisitDto? seen = null;
            for (var due = Period * i / senders.Count; due < duration; due += Period)
            {
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, cancellationToken);
                }

                seen = await sender.Apply(script, script.Next(seen), cancellationToken);
                var answered = Stopwatch.GetElapsedTime(start);
                mine.Add((answered - due).TotalMilliseconds);
                InterlockedMax(ref last, start + (long)(answered.TotalSeconds * Stopwatch.Frequency));
            }
        }, cancellationToken)));

        var all = latencies.SelectMany(l => l).ToArray();
        var elapsed = Math.Max(duration.TotalSeconds, (last - start) / (double)Stopwatch.Frequency);
        double[]? Of(bool hub) => viaHub is null
            ? null
            : latencies.Where((_, i) => viaHub(i) == hub).SelectMany(l => l).ToArray();
        return new OpenRun(side, senders.Count, all, all.Length / elapsed, Of(true), Of(false));
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
