using System.Diagnostics;
using System.Net.Http.Json;
using Reception.Sync.Wire;

namespace Reception.Bench.Suite.Rest;

/// <summary>
/// Desk 1 of the demo branch pushing <see cref="DeskScript"/>'s actions over REST
/// (<c>POST /api/v1/sync/push</c>), a given number per push. Each run is a new client: a new clientId,
/// mutation ids from 1.
/// </summary>
/// <remarks>
/// An edit's base names the versions its visit was seen at, and within a push nothing has answered
/// yet. But only this benchmark writes the branch, one push at a time, and every action of the script
/// changes its visit: the k-th action after feed version F gets version F + k, as its answer will
/// say. So the pusher keeps the branch's feed version (read once, then checked against every answer)
/// and sends what a desk that had seen each answer would send.
/// </remarks>
internal sealed class DemoPusher(BenchBranch branch, long feedVersion)
{
    public const string Branch = "demo";

    private long _feed = feedVersion;

    /// <summary>The demo branch as a snapshot shows it: its services, desks and feed version.</summary>
    public static async Task<DemoPusher> OpenAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var pull = await http.GetFromJsonAsync<PullResponse>($"/api/v1/sync/pull?branch={Branch}&since=0", WireJson.Options,
            cancellationToken);
        if (pull?.Snapshot is not { } snapshot)
        {
            throw new BenchFailure($"The pull of branch {Branch} answered no snapshot.");
        }

        // The wire names a branch by its slug; only the raw side of the apply scenario needs its id.
        // Desk 1 (the first by name) serves both services, which the script alternates.
        var demo = new BenchBranch(Guid.Empty, Branch,
            snapshot.Services.OrderBy(s => s.Prefix).Select(s => new BenchService(s.Id, s.Prefix)).ToList(),
            snapshot.Desks.OrderBy(d => d.Name).Select(d => new BenchDesk(d.Id, d.Name)).ToList());
        return new DemoPusher(demo, pull.ToVersion);
    }

    /// <summary>Times <paramref name="actions"/> actions in pushes of <paramref name="perPush"/>, one after another.</summary>
    public async Task<Measurement> RunAsync(string side, HttpClient http, int actions, int perPush,
        CancellationToken cancellationToken)
    {
        var script = new DeskScript(branch, 0);
        VisitDto? seen = null;
        var clock = Stopwatch.StartNew();
        for (var sent = 0; sent < actions; sent += perPush)
        {
            var push = new List<SyncAction>(perPush);
            var version = _feed;
            for (var k = 0; k < Math.Min(perPush, actions - sent); k++)
            {
                var action = script.Next(seen);
                push.Add(action);
                version++;
                seen = action.Type == ActionTypes.Register ? Registered(action, version) : seen;
            }

            await PushAsync(side, http, push, version, cancellationToken);
            _feed = version;
        }

        return new Measurement(side, actions, clock.Elapsed);
    }

    /// <summary>Every result must be "applied", the last one at the version the pusher expected.</summary>
    private static async Task PushAsync(string side, HttpClient http, List<SyncAction> push, long version,
        CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("/api/v1/sync/push", new PushRequest { Branch = Branch, Actions = push },
            WireJson.Options, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BenchFailure(
                $"{side}: push answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var results = (await response.Content.ReadFromJsonAsync<PushResponse>(WireJson.Options, cancellationToken))?.Results ?? [];
        if (results.Count != push.Count)
        {
            throw new BenchFailure($"{side}: {push.Count} actions pushed, {results.Count} results answered.");
        }

        if (results.FirstOrDefault(r => r.Status != ResultStatus.Applied) is { } bad)
        {
            throw new BenchFailure($"{side}: #{bad.MutationId} was {bad.Status}, not applied: {bad.Reason}");
        }

        if (results[^1].Version != version)
        {
            throw new BenchFailure(
                $"{side}: expected feed version {version}, the push answered {results[^1].Version}: something else writes branch {Branch}.");
        }
    }

    // A visit right after its register: only its stamps matter to the next action's base.
    private static VisitDto Registered(SyncAction register, long version) => new()
    {
        Id = register.VisitId!.Value, Branch = Branch, Ticket = "", Name = "", Status = "waiting", Version = version,
        FieldVersions = new FieldVersionsDto(version, version, version, version),
    };
}
