using System.Security.Claims;
using System.Text.Encodings.Web;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Reception.Sync.Access;

namespace Reception.Web.Kiosk;

/// <summary>
/// A kiosk's credential: its token, as <c>?token=kt_…</c> (the hub) or the <c>X-Kiosk-Token</c>
/// header (its requests). A scheme of its own that only the kiosk's endpoints ask for, so a kiosk
/// token opens /hubs/kiosk and /kiosk/{branch}/… and nothing more.
/// </summary>
public sealed class KioskAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder, IMediator mediator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "Kiosk";
    public const string Role = "Kiosk";
    public const string Header = "X-Kiosk-Token";
    public const string TokenIdClaim = "kiosk_token";
    public const string BranchIdClaim = "kiosk_branch_id";
    public const string BranchClaim = "kiosk_branch";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Headers[Header] is [{ Length: > 0 } header] ? header
            : Request.Query["token"] is [{ Length: > 0 } query] ? query : null;
        if (token is null)
        {
            return AuthenticateResult.NoResult();
        }

        var access = await mediator.Send(new CheckKioskToken(token), Context.RequestAborted);
        if (access is null)
        {
            return AuthenticateResult.Fail("This kiosk link is not valid: it was switched off (revoked), or its branch is closed.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim("sub", access.Owner),
                new Claim("name", access.Caller.Name),
                new Claim("role", Role),
                new Claim(TokenIdClaim, access.TokenId.ToString()),
                new Claim(BranchIdClaim, access.BranchId.ToString()),
                new Claim(BranchClaim, access.Branch),
            ],
            SchemeName, "name", "role");
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    /// <summary>The kiosk caller of a principal this scheme made; null for any other.</summary>
    public static Caller? CallerOf(ClaimsPrincipal user) =>
        user.IsInRole(Role) && Guid.TryParse(user.FindFirstValue(BranchIdClaim), out var branchId)
            ? new Caller(user.FindFirstValue("name") ?? "kiosk", CallerKind.Kiosk, branchId, user.FindFirstValue("sub"))
            : null;
}
