using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Wire;

namespace Reception.Bench.Suite.Status;

/// <summary>
/// Desk 1 of the demo branch over its hub connection: it calls visitors one push per call (its own
/// clientId, so the calls of a run have consecutive mutation ids for <see cref="Fanout.ReceiptBoard"/>),
/// and, untimed, registers visitors and serves the called ones in batches under a second clientId.
/// </summary>
internal sealed class StatusDesk(HubConnection connection, Guid deskId, IReadOnlyList<Guid> services) : IAsyncDisposable
{
    /// <summary>Actions per untimed push: a desk draining its outbox sends up to 50.</summary>
    private const int Batch = 50;

    private readonly Guid _batchClient = Guid.NewGuid();
    private long _batchMutation;
    private long _callMutation;
    private int _registered;

    public Guid CallClient { get; } = Guid.NewGuid();

    /// <summary>The mutation id the next call will carry.</summary>
    public long NextCall => _callMutation + 1;

    public static async Task<StatusDesk> ConnectAsync(Uri server, string token, CancellationToken cancellationToken)
    {
        var connection = FanoutSetup.Connect(server, token);
        try
        {
            await Fanout.DeskCrowd.JoinAsync(connection, cancellationToken);
            var snapshot = (await connection.InvokeAsync<PullResponse>("Pull", FanoutSetup.Branch, 0L, cancellationToken)).Snapshot
                           ?? throw new BenchFailure("The demo branch's pull answered no snapshot.");
            // Desk 1 serves both services (docs/protocol.md, "The demo branch"); visitors alternate between them.
            var desk = snapshot.Desks.Single(d => d.Name == "Desk 1").Id;
            return new StatusDesk(connection, desk, snapshot.Services.OrderBy(s => s.Prefix).Select(s => s.Id).ToList());
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Registers <paramref name="count"/> visitors, alternating services; returns each visit and its status-page code.</summary>
    public async Task<IReadOnlyList<(Guid VisitId, string Code)>> RegisterAsync(int count, CancellationToken cancellationToken)
    {
        var actions = Enumerable.Range(0, count).Select(_ =>
        {
            var n = ++_registered;
            return Action(ActionTypes.Register, Guid.NewGuid(), new { serviceId = services[n % services.Count], name = $"Status page {n:00000}" });
        }).ToList();
        var results = await PushAllAsync(actions, cancellationToken);
        return results.Select(r => (r.Visit!.Id, r.Visit.Code ?? throw new BenchFailure($"Visit {r.Visit.Id} was registered without a status-page code."))).ToList();
    }

    /// <summary>Serves and completes called visitors, so that they leave the branch's open visits.</summary>
    public Task ServeAsync(IEnumerable<Guid> called, CancellationToken cancellationToken) =>
        PushAllAsync(called.SelectMany(id => new[]
        {
            Action(ActionTypes.StartService, id, new { deskId }),
            Action(ActionTypes.Complete, id, null),
        }).ToList(), cancellationToken);

    /// <summary>Calls one visitor to Desk 1: one push, returned once applied; the branch's feed version it made.</summary>
    public async Task<long> CallAsync(Guid visitId, CancellationToken cancellationToken)
    {
        var call = new SyncAction
        {
            ClientId = CallClient, MutationId = ++_callMutation, Type = ActionTypes.Call, VisitId = visitId,
            Args = JsonSerializer.SerializeToElement(new { deskId }, WireJson.Options),
        };
        var response = await connection.InvokeAsync<PushResponse>("Push",
            new PushRequest { Branch = FanoutSetup.Branch, Actions = [call] }, cancellationToken);
        return response.Results is [{ Status: ResultStatus.Applied, Version: { } version }]
            ? version
            : throw new BenchFailure($"call #{call.MutationId} was not applied: {WireJson.Serialize(response)}");
    }

    /// <summary>The branch as a desk's snapshot shows it: the truth the pages are checked against.</summary>
    public async Task<Snapshot> SnapshotAsync(CancellationToken cancellationToken) =>
        (await connection.InvokeAsync<PullResponse>("Pull", FanoutSetup.Branch, 0L, cancellationToken)).Snapshot
        ?? throw new BenchFailure("The demo branch's pull answered no snapshot.");

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private SyncAction Action(string type, Guid visitId, object? args) => new()
    {
        ClientId = _batchClient, MutationId = ++_batchMutation, Type = type, VisitId = visitId,
        Args = args is null ? null : JsonSerializer.SerializeToElement(args, WireJson.Options),
    };

    private async Task<List<ActionResult>> PushAllAsync(List<SyncAction> actions, CancellationToken cancellationToken)
    {
        var results = new List<ActionResult>(actions.Count);
        foreach (var batch in actions.Chunk(Batch))
        {
            var response = await connection.InvokeAsync<PushResponse>("Push",
                new PushRequest { Branch = FanoutSetup.Branch, Actions = batch }, cancellationToken);
            if (response.Results.FirstOrDefault(r => r.Status != ResultStatus.Applied) is { } bad)
            {
                throw new BenchFailure($"{bad.MutationId} was {bad.Status}, not applied: {bad.Reason}");
            }

            results.AddRange(response.Results);
        }

        return results;
    }
}
