using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Sync.Access;
using Reception.Sync.Wire;

namespace Reception.Web.Auth;

/// <summary>
/// A legacy system's API key (<c>Authorization: Bearer rk_…</c>), looked up by its hash, in a scope
/// of its own: the request's scope lives as long as a hub connection, and would keep a database
/// context for every connected client. A valid key is then remembered for a few seconds
/// (<see cref="ApiKeyCache"/>).
/// </summary>
public sealed class ApiKeyHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IServiceScopeFactory scopes,
    ApiKeyCache cache)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";

    // Generated keys are 35 characters; anything far longer is not a key and is not hashed.
    private const int MaxKeyLength = 200;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerValue.From(Request) is not { } key || !key.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        var hash = key.Length <= MaxKeyLength ? ApiKeys.Hash(key) : "";
        if (cache.Find(hash) is { } known)
        {
            return Success(known);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        var client = await db.ApiClients.AsNoTracking()
            .Where(c => c.KeyHash == hash)
            .Select(c => new { c.Id, c.Name, c.BranchId, c.IsActive, c.RevokedAt })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (client is null)
        {
            return AuthenticateResult.Fail(new AuthFailure.Refused(ProblemDetail.Of(ProblemDetailCodes.ApiKeyInvalid)));
        }

        if (!client.IsActive || client.RevokedAt is not null)
        {
            AuthLog.ApiKeyRefused(Logger, $"revoked key of client {client.Id}");
            return AuthenticateResult.Fail(new AuthFailure.Refused(ProblemDetail.Of(ProblemDetailCodes.ApiKeyRevoked)));
        }

        var valid = new ApiKeyClient(client.Id, client.Name, client.BranchId);
        cache.Remember(hash, valid);
        return Success(valid);
    }

    private static AuthenticateResult Success(ApiKeyClient client)
    {
        var identity = new ClaimsIdentity(
            [
                new Claim(ReceptionClaims.Subject, "apiclient:" + client.Id),
                new Claim(ReceptionClaims.Name, client.Name),
                new Claim(ReceptionClaims.Role, ReceptionClaims.ApiClientRole),
                new Claim(ReceptionClaims.Branch, client.BranchId.ToString()),
            ],
            SchemeName, ReceptionClaims.Name, ReceptionClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = result.Failure is null ? "Bearer" : "Bearer error=\"invalid_token\"";
        AuthFailure.Describe(Context, AuthFailure.Of(result.Failure));
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        AuthFailure.Describe(Context, AuthFailure.NotAllowed);
        return Task.CompletedTask;
    }
}
