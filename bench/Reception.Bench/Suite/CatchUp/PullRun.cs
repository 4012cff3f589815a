using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Wire;
using Reception.Web.Live;
using static System.FormattableString;

namespace Reception.Bench.Suite.CatchUp;

/// <summary>
/// A desk that missed changes pulls them over the hub from the last version it holds, page after
/// page until hasMore is false; beside it, the snapshot of the same branch (a pull since 0).
/// Pulls only read: every sample pulls the same changes, whatever made them.
/// </summary>
internal sealed class PullRun(HubConnection desk, long held, int missed, CancellationToken cancellationToken)
{
    /// <summary>Pulls per sample, one after another: a single pull takes tens of milliseconds, within a scheduler hiccup's reach.</summary>
    public const int Repeats = 5;

    /// <summary>A desk that last held the version <paramref name="missed"/> changes before the branch's newest.</summary>
    public static async Task<PullRun> BehindAsync(HubConnection desk, int missed, CancellationToken cancellationToken)
    {
        var newest = (await desk.InvokeAsync<PullResponse>(nameof(QueueHub.Pull), CatchUpScenario.Branch, 0L, cancellationToken)).ToVersion;
        return newest > missed
            ? new PullRun(desk, newest - missed, missed, cancellationToken)
            : throw new BenchFailure($"The branch has {newest} changes; the pull needs more than {missed}.");
    }

    public async Task<PullSample> ChangesAsync()
    {
        int trips = 0, changes = 0;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Repeats; i++)
        {
            var since = held;
            PullResponse page;
            do
            {
                page = await desk.InvokeAsync<PullResponse>(nameof(QueueHub.Pull), CatchUpScenario.Branch, since, cancellationToken);
                trips++;
                changes += page.Changes?.Count ?? throw new BenchFailure($"A pull since {since} answered a snapshot, not changes.");
                since = page.ToVersion;
            }
            while (page.HasMore);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds / Repeats;
        return changes == missed * Repeats
            ? new PullSample(missed / seconds, missed, trips / Repeats, seconds)
            : throw new BenchFailure($"The desk missed {missed} changes but pulled {changes / (double)Repeats} on average.");
    }

    public async Task<PullSample> SnapshotAsync()
    {
        var visits = 0;
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < Repeats; i++)
        {
            var pull = await desk.InvokeAsync<PullResponse>(nameof(QueueHub.Pull), CatchUpScenario.Branch, 0L, cancellationToken);
            visits = pull.Snapshot?.Visits.Count ?? throw new BenchFailure("A pull since 0 answered changes, not a snapshot.");
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds / Repeats;
        return new PullSample(visits / seconds, visits, 1, seconds);
    }
}

/// <summary>One pull (the mean of <see cref="PullRun.Repeats"/>): the changes, or the snapshot's visits, it brought per second, and its round trips.</summary>
internal sealed record PullSample(double PerSecond, int Records, int RoundTrips, double Seconds)
{
    public override string ToString() =>
        Invariant($"{Records} records in {RoundTrips} round trips, {Seconds * 1000:F1} ms: {PerSecond:F0} records/s");
}
