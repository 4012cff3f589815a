using System.Globalization;

namespace Reception.Bench.Suite.Memory;

/// <summary>
/// A process's resident memory from /proc/&lt;pid&gt;/status, in bytes: <c>VmRSS</c> is every page it
/// has in RAM (GC heap, native heaps, thread stacks, JIT code, and the file-backed pages of the
/// runtime and assemblies it touched); <c>RssAnon</c> leaves out the file-backed ones.
/// </summary>
internal readonly record struct ResidentMemory(long Rss, long Anonymous)
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(200);

    /// <summary>Readings in a row that must agree before memory counts as settled (one second's worth).</summary>
    private const int Window = 5;

    /// <summary>How far apart those readings may be: a few pages come and go with timers and keep-alives.</summary>
    private const long Tolerance = 256 * 1024;

    public static ResidentMemory Of(int processId)
    {
        long? rss = null, anonymous = null;
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
            {
                anonymous = Kilobytes(line) * 1024;
            }
        }

        return rss is { } r && anonymous is { } a
            ? new ResidentMemory(r, a)
            : throw new BenchFailure($"/proc/{processId}/status has no VmRSS or RssAnon: is process {processId} still running?");
    }

    /// <summary>
    /// Polls until <see cref="Window"/> readings in a row lie within <see cref="Tolerance"/> of each
    /// other, or <paramref name="limit"/> passes; returns the last reading and whether it settled.
    /// </summary>
    public static async Task<(ResidentMemory Memory, bool Settled)> SettledAsync(int processId, TimeSpan limit,
        CancellationToken cancellationToken)
    {
        var readings = new Queue<ResidentMemory>();
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            readings.Enqueue(Of(processId));
            if (readings.Count > Window)
            {
                readings.Dequeue();
            }

            var settled = readings.Count == Window && readings.Max(m => m.Rss) - readings.Min(m => m.Rss) <= Tolerance;
            if (settled || DateTime.UtcNow >= deadline)
            {
                return (readings.Last(), settled);
            }

            await Task.Delay(Every, cancellationToken);
        }
    }

    // "VmRSS:     123456 kB"
    private static long Kilobytes(string line) =>
        long.Parse(line.AsSpan(line.IndexOf(':') + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
}
