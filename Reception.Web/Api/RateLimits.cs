using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Reception.Sync.Wire;
using Reception.Web.Auth;
using Reception.Web.Join;

namespace Reception.Web.Api;

/// <summary>Per-client request limits (<c>Reception:RateLimit</c>).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Reception:RateLimit";

    /// <summary>Sustained requests per second per client (an API key or a login).</summary>
    [Range(1, 100_000)]
    public int PermitsPerSecond { get; set; } = 20;

    /// <summary>How many requests a client may send at once after being idle.</summary>
    [Range(1, 100_000)]
    public int Burst { get; set; } = 100;

    /// <summary>
    /// Sign-in attempts per minute from one address, the token endpoint and the login page together
    /// (guessing passwords is slow on purpose).
    /// </summary>
    [Range(1, 100_000)]
    public int TokenRequestsPerMinute { get; set; } = 30;

    /// <summary>Remote-join submissions (POST /join/{branch}) per minute from one address.</summary>
    [Range(1, 100_000)]
    public int JoinAttemptsPerMinute { get; set; } = 10;
}

public static class RateLimits
{
    /// <summary>A token bucket per API client or user, for everything behind a credential.</summary>
    public const string ClientPolicy = "per-client";

    /// <summary>
    /// A fixed window per remote address, for sign-ins: POST /api/v1/auth/token and POST /login
    /// share it, so alternating between them guesses no faster. Other methods are not counted.
    /// </summary>
    public const string SignInPolicy = "sign-in";

    /// <summary>A fixed window per remote address for remote-join submissions (the page is public). Other methods are not counted.</summary>
    public const string JoinPolicy = "join";

    public static IServiceCollection AddReceptionRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>()
            .Bind(configuration.GetSection(RateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = RejectAsync;
            o.AddPolicy(ClientPolicy, context =>
            {
                var limits = Limits(context);
                return RateLimitPartition.GetTokenBucketLimiter(PartitionKey(context), _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = limits.Burst,
                    TokensPerPeriod = limits.PermitsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            o.AddPolicy(SignInPolicy, context => PostsPerMinute(context, "ip:", Limits(context).TokenRequestsPerMinute));
            o.AddPolicy(JoinPolicy, context => PostsPerMinute(context, "join-ip:", Limits(context).JoinAttemptsPerMinute));
        });
        return services;
    }

    private static RateLimitPartition<string> PostsPerMinute(HttpContext context, string prefix, int permits) =>
        !HttpMethods.IsPost(context.Request.Method)
            ? RateLimitPartition.GetNoLimiter("not counted")
            : RateLimitPartition.GetFixedWindowLimiter(prefix + context.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });

    private static RateLimitOptions Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static string PartitionKey(HttpContext context) =>
        context.User.ClientKey() is { } client ? "client:" + client : "ip:" + context.Connection.RemoteIpAddress;

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        ApiLog.RateLimited(http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits)),
            PartitionKey(http), http.Request.Path, seconds);
        if (http.Request.Path.StartsWithSegments("/join"))
        {
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(JoinPages.TooManyAttempts(http.Request.Path, seconds), cancellationToken);
            return;
        }

        if (!http.Request.Path.StartsWithSegments("/api"))
        {
            // The login page: a person reads the answer, so it is a page, not problem details.
            http.Response.ContentType = "text/html; charset=utf-8";
            await http.Response.WriteAsync(TooManySignInsPage.Replace("{wait}", Seconds(seconds), StringComparison.Ordinal), cancellationToken);
            return;
        }

        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status429TooManyRequests }.Because(ProblemDetail.Of(
                http.Request.Path.StartsWithSegments("/api/v1/auth") ? ProblemDetailCodes.TooManySignIns : ProblemDetailCodes.TooManyRequests,
                ("seconds", seconds))),
        });
    }

    private const string TooManySignInsPage = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <title>Too many sign-in attempts · Reception</title>
            <link rel="stylesheet" href="/css/site.css" />
        </head>
        <body>
        <header class="top">
            <a class="brand" href="/">Reception</a>
        </header>
        <main>
            <section class="card narrow">
                <h1>Too many sign-in attempts</h1>
                <p>There have been too many sign-in attempts from this address. Wait {wait}, then <a href="/login">try again</a>.</p>
            </section>
        </main>
        </body>
        </html>
        """;

    private static string Seconds(int n) => n == 1 ? "1 second" : $"{n} seconds";
}
