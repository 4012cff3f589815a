using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Feed;
using Reception.Sync.Wire;
using Reception.Web.Live;
using static System.FormattableString;

namespace Reception.Bench.Suite.CatchUp;

/// <summary>
/// Catching up after time offline, on one real Reception.Web process (PostgreSQL, no Redis), desks
/// as SignalR .NET clients with the demo logins:
/// - a desk reconnecting with 1,000 queued actions while three other desks keep editing: actions/s
///   until its outbox is empty and its view equals the server's, against the single-desk apply rate;
/// - a desk pulling 1,000 changes it missed: changes/s and round trips, beside a snapshot pull.
/// </summary>
internal sealed class CatchUpScenario : ISuiteScenario
{
    public const string Branch = "demo";
    private const int Editors = 3;
    private const int MissedChanges = 1000;

    public string Name => "catchup";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteContext context)
    {
        var token = context.Token;
        var queued = context.Short ? 300 : 1000;
        var database = await context.NewDatabaseAsync();
        await using var server = await FanoutServer.StartAsync(Name, database, redis: null, FanoutSecrets.New(), token);
        var deskToken = await FanoutSetup.TokenAsync(server.BaseAddress, "desk1", token);
        var editorToken = await FanoutSetup.TokenAsync(server.BaseAddress, "desk2", token);
        await using var observer = FanoutSetup.Connect(server.BaseAddress, deskToken);
        await observer.StartAsync(token);
        var branch = BranchOf(await observer.InvokeAsync<PullResponse>(nameof(QueueHub.Pull), Branch, 0L, token));

        void Log<T>(string label, T sample) => context.Log.WriteLine($"   {label}: {sample}");

        var drain = new DrainRun(server.BaseAddress, deskToken, editorToken, observer, branch, queued, Editors,
            () => context.CheckpointAsync(database), token);
        var (drains, alone) = await Abba.RunAsync(context.Rounds, drain.CatchUpAsync, drain.AloneAsync, Log);

        // The drain's desks made thousands of changes: the last ones are what a desk that was away missed.
        var pull = await PullRun.BehindAsync(observer, MissedChanges, token);
        var (changes, snapshots) = await Abba.RunAsync(context.Rounds, pull.ChangesAsync, pull.SnapshotAsync, Log);

        return
        [
            new Figure(Name, $"outbox drain while {Editors} desks edit", "actions/s",
                Stats.Of(drains.Select(d => d.PerSecond)), "one desk alone, one action per push", Stats.Of(alone.Select(d => d.PerSecond)),
                Target.RatioAtLeast(1, "drain ≥ single-desk rate"), DrainNote(queued, drains, context.Short)),
            new Figure(Name, $"pull {MissedChanges:N0} missed changes", "changes/s",
                Stats.Of(changes.Select(p => p.PerSecond)), "snapshot of the branch, visits/s", Stats.Of(snapshots.Select(p => p.PerSecond)),
                Target.AtLeast(2000, "≥ 2,000 changes/s"), PullNote(snapshots)),
            new Figure(Name, $"round trips to pull {MissedChanges:N0} changes", "round trips",
                Stats.Of(changes.Select(p => (double)p.RoundTrips)), null, null, Target.AtMost(5, "≤ 5"),
                Invariant($"Pull answers pages of up to {PullChangesHandler.PageSize} changes and says hasMore until the last one.")),
        ];
    }

    /// <summary>The demo branch's services and desks, as DeskScript needs them; the hub names the branch by its slug.</summary>
    private static BenchBranch BranchOf(PullResponse pull)
    {
        var snapshot = pull.Snapshot ?? throw new BenchFailure("A pull since 0 answered changes, not a snapshot.");
        return new BenchBranch(Guid.Empty, pull.Branch,
            snapshot.Services.Select(s => new BenchService(s.Id, s.Prefix)).ToList(),
            snapshot.Desks.Select(d => new BenchDesk(d.Id, d.Name)).ToList());
    }

    private static string DrainNote(int queued, IReadOnlyList<DrainSample> drains, bool quick) => string.Join(" ",
        Invariant($"{queued:N0} actions{(quick ? " (short mode; 1,000 in a full run)" : "")} queued offline under a fresh clientId,"),
        Invariant($"{queued / DeskScript.Steps.Length} visitors × {string.Join(", ", DeskScript.Steps)}."),
        Invariant($"The desk reconnects while {Editors} other desks push one action per push back to back;"),
        "timed from its reconnect until its outbox is empty and a pull begun after its last push's answer found nothing more,",
        "as sync.js does (subscribe, pull, push in order in batches of up to 50, pull on any gap). Its view (the snapshot it had,",
        "then every pull, broadcast and push result, each visit at its newest version) is then checked against a fresh snapshot:",
        "equal or the run fails. outbox.js ends a batch before an edit that waits for its own register's result, so the actions",
        Invariant($"went in a median {Stats.Of(drains.Select(d => (double)d.Pushes)).Median:F0} pushes; the editing desks had a median"),
        Invariant($"{Stats.Of(drains.Select(d => d.EditorsPerSecond)).Median:F0} actions/s applied meanwhile."),
        "A push of several actions is one transaction and one durable commit, a single action its own; each holds the branch",
        "lock until it commits, so all desks' commits queue on that one lock.");

    private static string PullNote(IReadOnlyList<PullSample> snapshots) => string.Join(" ",
        Invariant($"The last {MissedChanges:N0} changes the drain's desks made (a mix of all five action types), pulled over the hub"),
        "from the version before them until hasMore is false; every sample pulls the same ones. A change carries the whole visit.",
        Invariant($"Baseline: the branch's snapshot (a pull since 0, {snapshots[0].Records:N0} visits) in visits/s: the same kind of"),
        "record through the snapshot path, in one round trip.");
}
