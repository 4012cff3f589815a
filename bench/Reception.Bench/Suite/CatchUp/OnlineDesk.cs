using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Wire;
using Reception.Web.Live;

namespace Reception.Bench.Suite.CatchUp;

/// <summary>
/// A desk that is online and pushes as it goes: DeskScript's actions one per hub Push, each edit
/// based on the visit as the previous result returned it. Every action must come back applied.
/// </summary>
internal sealed class OnlineDesk(HubConnection connection, DeskScript script)
{
    private VisitDto? _seen;

    public async Task PushNextAsync(CancellationToken cancellationToken)
    {
        var action = script.Next(_seen);
        var response = await connection.InvokeAsync<PushResponse>(nameof(QueueHub.Push),
            new PushRequest { Branch = CatchUpScenario.Branch, Actions = [action] }, cancellationToken);
        if (response.Results is not [{ Status: ResultStatus.Applied, Visit: { } visit }])
        {
            throw new BenchFailure($"{action.Type} #{action.MutationId} of client {action.ClientId} was not applied: {WireJson.Serialize(response)}");
        }

        _seen = visit;
    }
}
