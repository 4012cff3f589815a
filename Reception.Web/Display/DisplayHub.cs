using Reception.Web.Live;
using Reception.Sync.Wire;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace Reception.Web.Display;

/// <summary>
/// The public screens' live feed. Read-only by construction: its only methods read the board or
/// answer a ping, and it sends nothing but <see cref="DisplayCall"/>s. A display connection cannot
/// push: pushing lives on the queue hub, which a display token does not open.
/// </summary>
[Authorize(AuthenticationSchemes = DisplayAuthenticationHandler.SchemeName, Roles = DisplayAuthenticationHandler.Role)]
public sealed class DisplayHub(IMediator mediator, DisplayConnections connections, TimeProvider clock) : Hub<IDisplayClient>
{
    public static string GroupOf(string branch) => "display:" + branch;

    public override async Task OnConnectedAsync()
    {
        connections.Add(Claim(DisplayAuthenticationHandler.TokenIdClaim), Context);
        await Groups.AddToGroupAsync(Context.ConnectionId, GroupOf(Claim(DisplayAuthenticationHandler.BranchClaim)), Context.ConnectionAborted);
        await base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Claim(DisplayAuthenticationHandler.TokenIdClaim), Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>Today's latest calls: what a screen shows after (re)connecting, without announcing them.</summary>
    public async Task<DisplayBoardDto> Board() =>
        await mediator.Send(new GetDisplayBoard(
            Guid.Parse(Claim(DisplayAuthenticationHandler.BranchIdClaim)), Claim(DisplayAuthenticationHandler.BranchClaim),
            Claim(DisplayAuthenticationHandler.BranchNameClaim), Claim(DisplayAuthenticationHandler.TimeZoneClaim)),
            Context.ConnectionAborted);

    /// <summary>The screen's heartbeat: a feed that answers is a feed that is alive.</summary>
    public DateTime Ping() => clock.GetUtcNow().UtcDateTime;

    private string Claim(string type) =>
        Context.User?.FindFirstValue(type) ?? throw HubErrors.Of(ProblemCodes.Unauthenticated, ProblemDetail.Of(ProblemDetailCodes.NoDisplayToken));
}
