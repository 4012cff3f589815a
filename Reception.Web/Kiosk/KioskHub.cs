using Reception.Sync.Wire;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Reception.Sync.Apply;
using Reception.Web.Live;

namespace Reception.Web.Kiosk;

/// <summary>
/// The kiosk's live connection: how a revoked kiosk learns at once that it was switched off (the
/// sweeper closes it, and reconnecting is refused), and where it leases ticket numbers to hand out
/// while offline. It cannot read the branch's feed or send actions (those go to /kiosk/{branch}/push).
/// </summary>
[Authorize(AuthenticationSchemes = KioskAuthenticationHandler.SchemeName, Roles = KioskAuthenticationHandler.Role)]
public sealed class KioskHub(IMediator mediator, KioskConnections connections) : Hub
{
    public override Task OnConnectedAsync()
    {
        connections.Add(TokenId, Context);
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(TokenId, Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    public bool Ping() => true;

    /// <summary>Reserves ticket numbers of a service the kiosk may hand out while offline (its own branch, its own clientId).</summary>
    public async Task<TicketLeaseDto> LeaseTickets(LeaseRequest request) =>
        QueueHub.Unwrap(await mediator.Send(
            new LeaseTickets(request?.Branch, request?.ClientId ?? Guid.Empty, request?.ServiceId ?? Guid.Empty, request?.Count ?? 0,
                KioskAuthenticationHandler.CallerOf(Context.User!) ?? throw HubErrors.Of(ProblemCodes.ForbiddenRole, ProblemDetail.Of(ProblemDetailCodes.NotAKiosk))),
            Context.ConnectionAborted));

    private string TokenId => Context.User?.FindFirst(KioskAuthenticationHandler.TokenIdClaim)?.Value ?? "";
}
