using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Wire;
using Reception.Web.Live;
using static System.FormattableString;

namespace Reception.Bench.Suite.CatchUp;

/// <summary>
/// The drain figure's two sides, each on a fresh clientId: a desk catching up with a full outbox
/// while other desks edit (the candidate), and one desk alone pushing the same kind of actions one
/// per push (the baseline: the single-desk apply rate over the hub).
/// </summary>
/// <param name="observer">An idle connection of the returning desk's login, for snapshots and the check.</param>
internal sealed class DrainRun(
    Uri server, string deskToken, string editorToken, HubConnection observer, BenchBranch branch, int actions, int editors,
    Func<Task> checkpoint, CancellationToken cancellationToken)
{
    /// <summary>Editors push this long before the desk reconnects: they are at full speed, and it has their changes to pull.</summary>
    private static readonly TimeSpan HeadStart = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The desk took a snapshot, then queued its actions offline. Timed from its reconnect until
    /// its outbox is empty and it has caught up (<see cref="ReturningDesk.CatchUpAsync"/>); its view at
    /// that moment is then checked against the server's.
    /// </summary>
    public async Task<DrainSample> CatchUpAsync()
    {
        await checkpoint();
        var view = DeskView.FromSnapshot(await PullAsync(0));
        var outbox = new OfflineOutbox(new DeskScript(branch, 0), actions);
        await using var editing = await EditingDesks.StartAsync(server, editorToken, branch, editors, cancellationToken);
        await Task.Delay(HeadStart, cancellationToken);

        await using var desk = new ReturningDesk(FanoutSetup.Connect(server, deskToken), view, outbox, cancellationToken);
        var editedBefore = editing.Applied;
        var started = Stopwatch.GetTimestamp();
        await desk.CatchUpAsync();
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var edited = editing.Applied - editedBefore;
        var held = view.Copy();

        await editing.StopAsync();
        await CheckAsync(held);
        return new DrainSample(actions / seconds, desk.Pushes, desk.Pulls, edited / seconds, seconds);
    }

    public async Task<DrainSample> AloneAsync()
    {
        await checkpoint();
        await using var connection = FanoutSetup.Connect(server, deskToken);
        await connection.StartAsync(cancellationToken);
        var desk = new OnlineDesk(connection, new DeskScript(branch, 0));
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < actions; i++)
        {
            await desk.PushNextAsync(cancellationToken);
        }

        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new DrainSample(actions / seconds, actions, 0, 0, seconds);
    }

    /// <summary>
    /// The definition of "its view equals the server's": what the desk held when it was done
    /// (<paramref name="held"/>, at its version V), brought forward over the changes after V that the
    /// editors made until they stopped, must equal a fresh snapshot of the branch, visit for visit and
    /// field for field, at the same version. A visit the desk held wrongly and nobody touched after V
    /// shows up; so does one it lacked.
    /// </summary>
    private async Task CheckAsync(DeskView held)
    {
        var since = held.Version;
        PullResponse page;
        do
        {
            page = await PullAsync(since);
            if (!held.Merge(since, page.ToVersion, page.Changes ?? []))
            {
                throw new BenchFailure($"The check's pull since {since} does not continue the desk's view.");
            }

            since = page.ToVersion;
        }
        while (page.HasMore);

        var differences = held.DifferencesFrom(await PullAsync(0));
        if (differences.Count > 0)
        {
            throw new BenchFailure($"After catching up, the returning desk's view differs from the server's in {differences.Count} ways: " +
                                   string.Join("; ", differences.Take(3)));
        }
    }

    private Task<PullResponse> PullAsync(long since) =>
        observer.InvokeAsync<PullResponse>(nameof(QueueHub.Pull), CatchUpScenario.Branch, since, cancellationToken);
}

/// <summary>One drain: actions/s, the pushes and pulls it took, and what the editing desks had applied meanwhile.</summary>
internal sealed record DrainSample(double PerSecond, int Pushes, int Pulls, double EditorsPerSecond, double Seconds)
{
    public override string ToString() =>
        Invariant($"{PerSecond:F0} actions/s ({Seconds:F2} s, {Pushes} pushes, {Pulls} pulls)") +
        (EditorsPerSecond > 0 ? Invariant($"; the editing desks meanwhile {EditorsPerSecond:F0} actions/s") : "");
}
