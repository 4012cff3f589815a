using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Wire;

namespace Reception.Bench;

/// <summary>Candidate: every action through Mediator's PushActions, one action per call, a DI scope per call.</summary>
internal sealed class PipelineSide(BenchApp app)
{
    public const string Name = "pipeline";

    public static readonly Caller Admin = new("bench-admin", CallerKind.Admin, null);

    public async Task<Measurement> RunAsync(int actions, int desks, CancellationToken cancellationToken)
    {
        var branch = await BenchBranch.CreateAsync(app, desks, cancellationToken);
        return await Desks.TimeAsync(Name, branch, actions, DeskAsync, cancellationToken);
    }

    private async Task DeskAsync(DeskScript script, int actions, CancellationToken cancellationToken)
    {
        VisitDto? seen = null;
        for (var i = 0; i < actions; i++)
        {
            seen = await PushAsync(script.Next(seen), script.Branch.Slug, cancellationToken);
        }
    }

    /// <summary>Pushes one action and returns the visit it produced; anything but "applied" fails the run.</summary>
    public async Task<VisitDto?> PushAsync(SyncAction action, string branch, CancellationToken cancellationToken) =>
        Applied(action, await SendAsync(action, branch, cancellationToken));

    /// <summary>Pushes one action and returns its result, whatever it is; a push refused as a whole fails the run.</summary>
    public async Task<ActionResult> SendAsync(SyncAction action, string branch, CancellationToken cancellationToken)
    {
        var reply = await app.SendAsync(new PushActions(branch, [action], Admin), cancellationToken);
        return reply.Problem is { } problem
            ? throw new BenchFailure($"{Name}: push refused with {problem.Status} {problem.Title}: {problem.Detail}")
            : reply.Value!.Results.Single();
    }

    /// <summary>The visit an "applied" result carries; any other result fails the run.</summary>
    public static VisitDto? Applied(SyncAction action, ActionResult result) =>
        result.Status == ResultStatus.Applied
            ? result.Visit
            : throw new BenchFailure(
                $"{Name}: {action.Type} #{action.MutationId} was {result.Status}, not applied: {result.Reason}");
}
