using Reception.Sync.Wire;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Reception.Data.Model;
using Reception.Web.Auth;

namespace Reception.Web.Api;

public sealed record TokenRequest(string? Username, string? Password);

public sealed record TokenResponse(string AccessToken, DateTime ExpiresAt);

public static class TokenApi
{
    // Longer than any real login; keeps a huge "password" from being hashed.
    public const int MaxCredentialLength = 256;

    private static readonly ProblemDetail WrongCredentials = ProblemDetail.Of(ProblemDetailCodes.WrongCredentials);

    public static RouteGroupBuilder MapToken(this RouteGroupBuilder api)
    {
        api.MapPost("/auth/token", IssueAsync)
            .AllowAnonymous()
            .RequireRateLimiting(RateLimits.SignInPolicy)
            .WithBodyLimit(16 * 1024)
            .WithName("IssueToken")
            .WithSummary("Sign in with a login and get an access token")
            .WithDescription(
                "Send it as \"Authorization: Bearer <accessToken>\" until expiresAt. Legacy systems may use their branch's API key the same way instead.")
            .WithTags("Credentials")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return api;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> IssueAsync(
        TokenRequest request, UserManager<ReceptionUser> users, TokenIssuer issuer, HttpContext context, ILogger<TokenIssuer> logger)
    {
        var errors = new Dictionary<string, ProblemDetail>();
        Check(errors, "username", request.Username);
        Check(errors, "password", request.Password);
        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(context, errors, ProblemDetail.Of(ProblemDetailCodes.TokenRequestInvalid));
        }

        var user = await users.FindByNameAsync(request.Username!);
        if (user is null)
        {
            AuthLog.TokenRefused(logger, "(unknown user)", "no such login");
            return Unauthorized(context, WrongCredentials);
        }

        // As the pages' sign-in does: repeated wrong passwords lock the login for a while.
        if (await users.IsLockedOutAsync(user))
        {
            AuthLog.TokenRefused(logger, user.UserName!, "locked out");
            return Unauthorized(context, ProblemDetail.Of(ProblemDetailCodes.LockedOut));
        }

        if (!await users.CheckPasswordAsync(user, request.Password!))
        {
            await users.AccessFailedAsync(user);
            AuthLog.TokenRefused(logger, user.UserName!, "wrong password");
            return Unauthorized(context, WrongCredentials);
        }

        await users.ResetAccessFailedCountAsync(user);
        if (!user.IsActive)
        {
            AuthLog.TokenRefused(logger, user.UserName!, "disabled");
            return ApiProblems.Problem(StatusCodes.Status403Forbidden, ProblemDetail.Of(ProblemDetailCodes.LoginDisabled));
        }

        var token = issuer.Issue(user, await users.GetRolesAsync(user));
        AuthLog.TokenIssued(logger, user.UserName!, token.ExpiresAt);
        return TypedResults.Ok(new TokenResponse(token.AccessToken, token.ExpiresAt));
    }

    private static void Check(Dictionary<string, ProblemDetail> errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors[field] = ProblemDetail.Of(ProblemDetailCodes.FieldRequired, ("field", field));
        }
        else if (value.Length > MaxCredentialLength)
        {
            errors[field] = ProblemDetail.Of(ProblemDetailCodes.FieldTooLong, ("field", field), ("length", value.Length), ("max", MaxCredentialLength));
        }
        else if (value.Contains('\0')) // no login has one, and PostgreSQL cannot even be asked for it
        {
            errors[field] = ProblemDetail.Of(ProblemDetailCodes.FieldNul, ("field", field));
        }
    }

    private static ProblemHttpResult Unauthorized(HttpContext context, ProblemDetail why)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.Problem(StatusCodes.Status401Unauthorized, why);
    }
}
