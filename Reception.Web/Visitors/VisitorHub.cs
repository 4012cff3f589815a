using Reception.Web.Live;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;

namespace Reception.Web.Visitors;

/// <summary>
/// The visitors' status pages, live. No login: every method takes the visit's code, and a
/// connection hears only about visits whose code it has shown (a group per visit). It cannot read
/// the branch's feed, and can change its visit only by leaving the queue or asking for more time.
/// </summary>
[AllowAnonymous]
public sealed class VisitorHub(IMediator mediator, VisitorWatchers watchers) : Hub<IVisitorClient>
{
    public static string GroupOf(Guid visitId) => "visit:" + visitId;

    /// <summary>Follow a visit: its status now, and every change from here on. Call again after reconnecting.</summary>
    public async Task<VisitorUpdate> Watch(string code)
    {
        var view = await Find(code);
        watchers.Add(Context.ConnectionId, view.BranchId);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(view.VisitId), Context.ConnectionAborted);
        return VisitorWords.Update(view.Status);
    }

    /// <summary>"I'm leaving the queue": cancels the visit. <paramref name="clientId"/> and <paramref name="mutationId"/> make it exactly once.</summary>
    public Task<VisitorActAnswer> Leave(string code, Guid clientId, long mutationId) =>
        Act(new VisitorAct(code, VisitorActionKind.Leave, clientId, mutationId));

    /// <summary>"I need a few more minutes": moves back in line, once, where the branch allows it.</summary>
    public Task<VisitorActAnswer> Postpone(string code, Guid clientId, long mutationId) =>
        Act(new VisitorAct(code, VisitorActionKind.Postpone, clientId, mutationId));

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        watchers.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    private async Task<VisitorActAnswer> Act(VisitorAct act)
    {
        try
        {
            var reply = await mediator.Send(act, Context.ConnectionAborted) ?? throw NotFound();
            return new VisitorActAnswer(reply.Status, reply.Code, reply.Reason, reply.Visit is { } v ? VisitorWords.Update(v) : null,
                reply.ReasonCode, reply.ReasonArgs);
        }
        catch (Exception e) when (Reception.Data.TransientFailures.IsTransient(e))
        {
            throw HubErrors.Of(ProblemCodes.Unavailable, ProblemDetail.Of(ProblemDetailCodes.HubRetry));
        }
    }

    private async Task<VisitorView> Find(string code) =>
        await mediator.Send(new GetVisitorStatus(code), Context.ConnectionAborted) ?? throw NotFound();

    private static HubException NotFound() =>
        HubErrors.Of(ProblemCodes.NotFound, ProblemDetail.Of(ProblemDetailCodes.VisitLinkUnknown));
}
