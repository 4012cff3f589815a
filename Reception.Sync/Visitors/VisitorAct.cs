using Mediator;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Wire;

namespace Reception.Sync.Visitors;

/// <summary>What a visitor may do from their status page: leave the queue, or ask for a few more minutes.</summary>
public enum VisitorActionKind
{
    Leave,
    Postpone,
}

/// <summary>
/// A visitor's action on their own visit, authorised by its code and sent through the same
/// pipeline as a desk's (exactly once, in the feed, shown on the desks live).
/// </summary>
/// <remarks>
/// The page has a clientId of its own (made in the browser, kept per code), owned by the visit: the
/// caller's id is "visit:{visitId}", so no login and no other visit's page can spend its mutation
/// ids, and its ids cannot be spent under another visit. The kiosk and remote join will bring their
/// own callers; this one can only leave or postpone the visit the code opens.
/// </remarks>
public sealed record VisitorAct(string? Code, VisitorActionKind Kind, Guid ClientId, long MutationId) : ICommand<VisitorActReply?>;

/// <param name="Status">The action's result status (applied, duplicate, conflict, rejected, deferred).</param>
/// <param name="Reason">Why not, for the visitor to read.</param>
/// <param name="Visit">The visit's status afterwards.</param>
/// <param name="ReasonCode">The reason's code (<see cref="ReasonCodes"/>), or the problem's code when the request was refused as a whole.</param>
/// <param name="ReasonArgs">The values the reason names.</param>
public sealed record VisitorActReply(string Status, int Code, string? Reason, VisitorStatusDto? Visit,
    string? ReasonCode = null, IReadOnlyDictionary<string, object>? ReasonArgs = null);

public sealed class VisitorActHandler(IMediator mediator) : ICommandHandler<VisitorAct, VisitorActReply?>
{
    public async ValueTask<VisitorActReply?> Handle(VisitorAct command, CancellationToken cancellationToken)
    {
        if (await mediator.Send(new GetVisitorStatus(command.Code), cancellationToken) is not { } view)
        {
            return null;
        }

        var caller = new Caller("visitor " + view.Ticket, CallerKind.Visitor, view.BranchId, "visit:" + view.VisitId);
        var action = new SyncAction
        {
            ClientId = command.ClientId, MutationId = command.MutationId, VisitId = view.VisitId,
            Type = command.Kind == VisitorActionKind.Leave ? ActionTypes.Cancel : ActionTypes.Postpone,
        };
        var reply = await mediator.Send(new PushActions(view.Branch, [action], caller), cancellationToken);
        var after = await mediator.Send(new GetVisitorStatus(command.Code), cancellationToken);
        if (reply.Value is not { Results: [var result] })
        {
            return new VisitorActReply("refused", reply.Problem?.Status ?? 400, reply.Problem?.Detail, after?.Status, reply.Problem?.Code);
        }

        var first = result.Original ?? result;
        return new VisitorActReply(result.Status, first.Code, first.Reason, after?.Status, first.ReasonCode, first.ReasonArgs);
    }
}
