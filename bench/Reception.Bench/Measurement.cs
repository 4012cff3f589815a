using System.Diagnostics;

namespace Reception.Bench;

internal sealed record Measurement(string Side, int Actions, TimeSpan Elapsed)
{
    public double Rate => Actions / Elapsed.TotalSeconds;
}

/// <summary>What a side does: apply one desk's share of the actions, in order, as it goes.</summary>
internal delegate Task DeskRun(DeskScript script, int actions, CancellationToken cancellationToken);

internal static class Desks
{
    /// <summary>Times <paramref name="desks"/> desks running in parallel on one fresh branch.</summary>
    public static async Task<Measurement> TimeAsync(string side, BenchBranch branch, int actions, DeskRun run,
        CancellationToken cancellationToken)
    {
        var shares = DeskScript.Share(actions, branch.Desks.Count);
        var scripts = shares.Select((_, d) => new DeskScript(branch, d)).ToArray();
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(scripts.Select((s, d) => Task.Run(() => run(s, shares[d], cancellationToken), cancellationToken)));
        return new Measurement(side, actions, clock.Elapsed);
    }
}

/// <summary>The benchmark itself went wrong (an action was not applied): the figures would be meaningless.</summary>
internal sealed class BenchFailure(string message) : Exception(message);
