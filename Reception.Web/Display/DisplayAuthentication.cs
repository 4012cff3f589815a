using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Reception.Web.Display;

/// <summary>
/// The public screen's credential on its own hub: <c>?branch=slug&amp;display=dt_…</c>. It is a scheme
/// of its own that nothing else uses, so a display token opens /hubs/display and nothing more (the
/// queue hub, the pages and the API authenticate with the other schemes only).
/// </summary>
public sealed class DisplayAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, IMediator mediator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Display";
    public const string Role = "Display";
    public const string BranchClaim = "display_branch";
    public const string BranchIdClaim = "display_branch_id";
    public const string BranchNameClaim = "display_branch_name";
    public const string TimeZoneClaim = "display_zone";
    public const string TokenIdClaim = "display_token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Path.StartsWithSegments(DisplayExtensions.HubPath) || Request.Query["display"] is not [{ Length: > 0 } token])
        {
            return AuthenticateResult.NoResult();
        }

        var access = await mediator.Send(new CheckDisplayToken(Request.Query["branch"].ToString(), token), Context.RequestAborted);
        if (access is null)
        {
            return AuthenticateResult.Fail("This display link is not valid: it was revoked, or it belongs to another branch.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim("sub", "display:" + access.TokenId),
                new Claim("name", "display " + access.TokenName),
                new Claim("role", Role),
                new Claim(TokenIdClaim, access.TokenId.ToString()),
                new Claim(BranchClaim, access.Branch),
                new Claim(BranchIdClaim, access.BranchId.ToString()),
                new Claim(BranchNameClaim, access.BranchName),
                new Claim(TimeZoneClaim, access.TimeZoneId),
            ],
            SchemeName, "name", "role");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }
}
