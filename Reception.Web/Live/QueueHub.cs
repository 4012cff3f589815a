using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Reception.Data;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Wire;
using Reception.Web.Auth;

namespace Reception.Web.Live;

/// <summary>
/// The live queue for browsers and SignalR clients. Thin: each method checks who is calling,
/// sends the same Mediator request REST sends, and returns. Group membership is decided here,
/// from the login, on every (re)connect.
/// </summary>
[Authorize(Policy = AuthExtensions.ApiPolicy)]
public sealed class QueueHub(IMediator mediator, ConnectionRegistry connections) : Hub<IReceptionClient>
{
    public override async Task OnConnectedAsync()
    {
        var caller = Caller;
        connections.Add(UserKey, Context);

        // A desk (or a manager of one branch) follows its own branch from the start.
        if (caller.BranchId is not null)
        {
            var reply = await mediator.Send(new OpenBranch(null, caller), Context.ConnectionAborted);
            if (reply.Value is { } feed)
            {
                await Groups.AddToGroupAsync(Context.ConnectionId, HubBroadcaster.GroupOf(feed.Branch), Context.ConnectionAborted);
            }
        }

        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(UserKey, Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Follow a branch live: a manager or admin any branch they manage, a desk only its own.</summary>
    public async Task<BranchFeed> Subscribe(string branch)
    {
        var feed = Unwrap(await mediator.Send(new OpenBranch(branch, Caller), Context.ConnectionAborted));
        await Groups.AddToGroupAsync(Context.ConnectionId, HubBroadcaster.GroupOf(feed.Branch), Context.ConnectionAborted);
        return feed;
    }

    public async Task Unsubscribe(string branch) =>
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, HubBroadcaster.GroupOf(branch), Context.ConnectionAborted);

    public async Task<PushResponse> Push(PushRequest request)
    {
        try
        {
            return Unwrap(await mediator.Send(new PushActions(request?.Branch, request?.Actions, Caller, request?.SentAt), Context.ConnectionAborted));
        }
        catch (Exception e) when (TransientFailures.IsTransient(e))
        {
            // Nothing could be stored: the client keeps the actions; whatever did apply answers duplicate next time.
            throw HubErrors.Of(ProblemCodes.Unavailable, ProblemDetail.Of(ProblemDetailCodes.HubDatabaseBusy));
        }
    }

    public async Task<PullResponse> Pull(string branch, long since) =>
        Unwrap(await mediator.Send(new PullChanges(branch, since, Caller), Context.ConnectionAborted));

    /// <summary>Reserves ticket numbers this client may hand out while offline.</summary>
    public async Task<TicketLeaseDto> LeaseTickets(LeaseRequest request) =>
        Unwrap(await mediator.Send(
            new LeaseTickets(request?.Branch, request?.ClientId ?? Guid.Empty, request?.ServiceId ?? Guid.Empty, request?.Count ?? 0, Caller),
            Context.ConnectionAborted));

    /// <summary>A round trip that touches nothing: the baseline the broadcast delay is measured against.</summary>
    public string Echo(string message) => message;

    private Caller Caller =>
        Context.User?.ToCaller() ?? throw HubErrors.Of(ProblemCodes.Unauthenticated, ProblemDetail.Of(ProblemDetailCodes.HubSignIn));

    private string UserKey => Context.User?.ClientKey() ?? Context.ConnectionId;

    // The caller gets the problem as a hub error, its code first ("[client-not-yours] Forbidden: …");
    // the connection stays open.
    internal static T Unwrap<T>(SyncReply<T> reply) where T : class =>
        reply.Value ?? throw HubErrors.Of(reply.Problem!);
}
