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
        var errors = new Dictionary<string, string[]>();
        Check(errors, "username", request.Username);
        Check(errors, "password", request.Password);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors,
                string.Join(" ", errors.Values.SelectMany(e => e)) + " Send a JSON object with \"username\" and \"password\".");
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

    private static void Check(Dictionary<string, string[]> errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors[field] = [$"{field} is required."];
        }
        else if (value.Length > MaxCredentialLength)
        {
            errors[field] = [$"{field} is {value.Length} characters long; at most {MaxCredentialLength} are allowed."];
        }
        else if (value.Contains('\0')) // no login has one, and PostgreSQL cannot even be asked for it
        {
            errors[field] = [$"{field} contains a NUL character (\\u0000)."];
        }
    }

    private static ProblemHttpResult Unauthorized(HttpContext context, ProblemDetail why)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.Problem(StatusCodes.Status401Unauthorized, why);
    }
}
