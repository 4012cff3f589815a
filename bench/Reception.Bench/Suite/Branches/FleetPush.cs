using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Bench.Suite.Fanout;
using Reception.Sync.Wire;

namespace Reception.Bench.Suite.Branches;

/// <summary>Applies one action of a desk's script and answers the visit as the desk now sees it.</summary>
internal delegate Task<VisitDto> ApplyOne(DeskScript script, SyncAction action, CancellationToken cancellationToken);

/// <summary>
/// The ways a fleet's desk sends one action: a REST push with its API key, a push over its own
/// SignalR connection (the hub's Push, as a browser desk sends), or the raw Npgsql transaction.
/// </summary>
internal static class FleetPush
{
    /// <summary>One push of <paramref name="action"/> alone, over <paramref name="http"/>, as <paramref name="client"/>.</summary>
    public static ApplyOne Rest(HttpClient http, FleetClient client) => async (script, action, cancellationToken) =>
    {
        while (true)
        {
            if (await TryRestAsync(http, client, script, action, cancellationToken) is { } visit)
            {
                return visit;
            }

            await Task.Delay(Resend, cancellationToken);
        }
    };

    /// <summary>
    /// An overloaded instance may answer that the database cannot be reached (503, or the hub's
    /// <c>[unavailable]</c>): a desk keeps the action and sends it again a second later, and so does
    /// the benchmark, the wait counting in the push's time.
    /// </summary>
    private static readonly TimeSpan Resend = TimeSpan.FromSeconds(1);

    private static async Task<VisitDto?> TryRestAsync(HttpClient http, FleetClient client, DeskScript script, SyncAction action,
        CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sync/push")
        {
            Content = JsonContent.Create(new PushRequest { Branch = script.Branch.Slug, Actions = [action] }, options: WireJson.Options),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.ApiKey);
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new BenchFailure($"push to {script.Branch.Slug} answered {(int)response.StatusCode}: " +
                                   await response.Content.ReadAsStringAsync(cancellationToken));
        }

        return Applied(action, await response.Content.ReadFromJsonAsync<PushResponse>(WireJson.Options, cancellationToken));
    }

    /// <summary>One push of <paramref name="action"/> alone through the hub, over <paramref name="connection"/>.</summary>
    public static ApplyOne Hub(HubConnection connection) => async (script, action, cancellationToken) =>
    {
        while (true)
        {
            try
            {
                return Applied(action, await connection.InvokeAsync<PushResponse>("Push",
                    new PushRequest { Branch = script.Branch.Slug, Actions = [action] }, cancellationToken));
            }
            catch (HubException e) when (e.Message.Contains($"[{ProblemCodes.Unavailable}]", StringComparison.Ordinal))
            {
                await Task.Delay(Resend, cancellationToken);
            }
        }
    };

    public static ApplyOne Raw(RawSide raw) => raw.ApplyAsync;

    /// <summary>A connection of <paramref name="client"/> to the hub: WebSockets, no negotiate, its API key as the bearer.</summary>
    public static HubConnection Connect(Uri server, FleetClient client)
    {
        var connection = FanoutSetup.Connect(server, client.ApiKey);
        // A desk receives its branch's changes; only the first change's ids are bound, as the fan-out's crowd does.
        connection.On<ReceivedChanges>("changes", _ => { });
        return connection;
    }

    private static VisitDto Applied(SyncAction action, PushResponse? response) =>
        response?.Results is [{ Status: ResultStatus.Applied, Visit: { } visit }]
            ? visit
            : throw new BenchFailure($"{action.Type} #{action.MutationId} was not applied: {WireJson.Serialize(response)}");
}
