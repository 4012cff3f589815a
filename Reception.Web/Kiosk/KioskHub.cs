using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Reception.Web.Kiosk;

/// <summary>
/// The kiosk's live connection. It carries nothing but a ping: it is how a revoked kiosk learns at
/// once that it was switched off (the sweeper closes it, and reconnecting is refused with 401).
/// </summary>
[Authorize(AuthenticationSchemes = KioskAuthenticationHandler.SchemeName, Roles = KioskAuthenticationHandler.Role)]
public sealed class KioskHub(KioskConnections connections) : Hub
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

    private string TokenId => Context.User?.FindFirst(KioskAuthenticationHandler.TokenIdClaim)?.Value ?? "";
}
