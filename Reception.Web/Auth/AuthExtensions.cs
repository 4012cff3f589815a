using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Wire;

namespace Reception.Web.Auth;

public static class AuthExtensions
{
    /// <summary>Picks the scheme per request: API key, bearer token or the pages' cookie.</summary>
    public const string Scheme = "Reception";

    /// <summary>Any signed-in caller with a Reception role; the engine then checks branch and role per request.</summary>
    public const string ApiPolicy = "ReceptionApi";

    /// <summary>
    /// The pages' Identity cookie (LoginPath /login), JwtBearer for access tokens from
    /// POST /api/v1/auth/token, API keys for legacy systems, and one policy scheme choosing among them.
    /// </summary>
    public static WebApplicationBuilder AddReceptionAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReceptionAuthOptions>()
            .Bind(builder.Configuration.GetSection(ReceptionAuthOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<ApiKeyCache>();
        builder.Services.AddHostedService<ApiKeyRenewal>();

        // Identity checks a cookie's security stamp every 30 minutes by default: a session that ends
        // (sign-out, disabled, new password, moved) must end within seconds on every instance.
        builder.Services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<ReceptionAuthOptions>>(
            (o, auth) => o.ValidationInterval = auth.Value.SessionCheck);

        builder.Services
            .AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Cookie, bearer token or API key", o => o.ForwardDefaultSelector = SelectScheme)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    OnMessageReceived = c =>
                    {
                        c.Token = BearerValue.From(c.Request);
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = CheckUserStillValidAsync,
                    OnChallenge = c =>
                    {
                        AuthFailure.Describe(c.HttpContext, DescribeTokenFailure(c.AuthenticateFailure));
                        return Task.CompletedTask;
                    },
                    OnForbidden = c =>
                    {
                        AuthFailure.Describe(c.HttpContext, AuthFailure.NotAllowed);
                        return Task.CompletedTask;
                    },
                };
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddIdentityCookies(cookies => cookies.ApplicationCookie!.Configure(o =>
            {
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/denied";
                o.Events.OnRedirectToLogin = c => NoRedirectForMachines(c, StatusCodes.Status401Unauthorized, AuthFailure.NoCredential);
                o.Events.OnRedirectToAccessDenied = c => NoRedirectForMachines(c, StatusCodes.Status403Forbidden, AuthFailure.NotAllowed);
            }));

        // Resolved at start (not at the first request) so a missing signing key is reported at once.
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenIssuer>((o, issuer) => o.TokenValidationParameters = issuer.ValidationParameters)
            .ValidateOnStart();

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(ApiPolicy, p => p.RequireAuthenticatedUser()
                .RequireRole(Roles.Desk, Roles.Manager, Roles.Admin, ReceptionClaims.ApiClientRole));
        return builder;
    }

    private static string SelectScheme(HttpContext context) => BearerValue.From(context.Request) switch
    {
        null => IdentityConstants.ApplicationScheme,
        var v when v.StartsWith(ApiKeys.Prefix, StringComparison.Ordinal) => ApiKeyHandler.SchemeName,
        _ => JwtBearerDefaults.AuthenticationScheme,
    };

    /// <summary>
    /// A disabled user, or one whose security stamp changed, loses the tokens already issued.
    /// The check runs in a scope of its own: the request's scope lives as long as a hub connection,
    /// and would keep a user manager and a database context for every connected desk.
    /// </summary>
    private static async Task CheckUserStillValidAsync(TokenValidatedContext context)
    {
        await using var scope = context.HttpContext.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReceptionUser>>();
        var id = context.Principal?.FindFirst(ReceptionClaims.Subject)?.Value;
        var user = id is null ? null : await users.FindByIdAsync(id);
        var reason = user switch
        {
            null => ProblemDetail.Of(ProblemDetailCodes.TokenAccountGone),
            { IsActive: false } => ProblemDetail.Of(ProblemDetailCodes.TokenLoginDisabled),
            _ when !Sessions.IsCurrent(context.Principal, user.SecurityStamp) => ProblemDetail.Of(ProblemDetailCodes.TokenRevoked),
            _ => null,
        };
        if (reason is not null)
        {
            var logger = context.HttpContext.RequestServices.GetRequiredService<ILogger<TokenIssuer>>();
            AuthLog.TokenRevoked(logger, id ?? "(none)", reason.English);
            context.Fail(new AuthFailure.Refused(reason));
        }
    }

    private static ProblemDetail DescribeTokenFailure(Exception? failure) => failure switch
    {
        Microsoft.IdentityModel.Tokens.SecurityTokenExpiredException e => ProblemDetail.Of(ProblemDetailCodes.TokenExpired,
            ("expires", e.Expires.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))),
        Microsoft.IdentityModel.Tokens.SecurityTokenMalformedException => ProblemDetail.Of(ProblemDetailCodes.TokenMalformed),
        Microsoft.IdentityModel.Tokens.SecurityTokenException => ProblemDetail.Of(ProblemDetailCodes.TokenInvalid),
        _ => AuthFailure.Of(failure),
    };

    // Pages redirect to /login; REST and hub clients, metrics scrapers, and pages' scripts asking for JSON, cannot follow
    // that and get the status itself (the scripts' 401 tells a person what to do, not how to send a token).
    private static Task NoRedirectForMachines(RedirectContext<CookieAuthenticationOptions> context, int status, ProblemDetail detail)
    {
        var path = context.Request.Path;
        var client = path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs")
                     || path.StartsWithSegments(Telemetry.TelemetryExtensions.MetricsPath); // a scraper
        if (!client && !Api.ApiProblems.AsksForJson(context.Request))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            detail = client ? detail : AuthFailure.SignInAgain;
        }

        AuthFailure.Describe(context.HttpContext, detail);
        return Task.CompletedTask;
    }
}
