using System.Text.Json;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Wire;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// One simulated client (a browser profile or legacy device): numbers its actions from 1 and
/// pushes them through the same Mediator request every transport uses.
/// </summary>
public sealed class TestClient(ReceptionApp app, TestBranch branch, Caller? caller = null)
{
    public static readonly Caller Admin = new("test-admin", CallerKind.Admin, null);

    public Guid ClientId { get; } = Guid.NewGuid();
    public long LastMutationId { get; private set; }
    public Caller Caller { get; } = caller ?? Admin;

    public SyncAction Next(string type, Guid? visitId, object? args = null, ActionBase? @base = null) => new()
    {
        ClientId = ClientId,
        MutationId = ++LastMutationId,
        Type = type,
        VisitId = visitId,
        Base = @base,
        Args = args is null ? null : JsonSerializer.SerializeToElement(args, WireJson.Options),
    };

    public SyncAction Register(Guid visitId, Guid serviceId, string name, object? extra = null) =>
        Next(ActionTypes.Register, visitId, Merge(new Dictionary<string, object?> { ["serviceId"] = serviceId, ["name"] = name }, extra));

    public SyncAction Edit(Guid visitId, long baseVersion, object args, Dictionary<string, long>? fields = null) =>
        Next(ActionTypes.UpdateDetails, visitId, args, new ActionBase { Version = baseVersion, Fields = fields });

    public SyncAction Call(Guid visitId, Guid deskId) => Next(ActionTypes.Call, visitId, new { deskId });

    public SyncAction CallNext(Guid deskId) => Next(ActionTypes.CallNext, null, new { deskId });

    public async Task<IReadOnlyList<ActionResult>> PushAsync(params SyncAction[] actions)
    {
        var reply = await app.SendAsync(new PushActions(branch.Slug, actions, Caller));
        Assert.Null(reply.Problem);
        return reply.Value!.Results;
    }

    public async Task<ActionResult> PushOneAsync(SyncAction action) => (await PushAsync(action)).Single();

    public async Task<PullResponse> PullAsync(long since)
    {
        var reply = await app.SendAsync(new PullChanges(branch.Slug, since, Caller));
        Assert.Null(reply.Problem);
        return reply.Value!;
    }

    private static Dictionary<string, object?> Merge(Dictionary<string, object?> args, object? extra)
    {
        if (extra is null) return args;
        foreach (var p in JsonSerializer.SerializeToElement(extra, WireJson.Options).EnumerateObject())
        {
            args[p.Name] = p.Value;
        }

        return args;
    }
}
