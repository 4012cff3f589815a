using System.Text.Json.Serialization;
using Scalar.AspNetCore;
using Reception.Web.Auth;
using Reception.Web.Infrastructure;

namespace Reception.Web.Api;

public static class ApiExtensions
{
    /// <summary>Problem details, binding errors as 4xx, per-client rate limits and the OpenAPI document.</summary>
    public static WebApplicationBuilder AddReceptionApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ApiProblems.Customize);
        // Numbers are numbers on the wire: "7" for a mutationId is the wrong shape, not a 7.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        // Binding failures throw, so that ApiExceptionHandler can say what was wrong (by default they are an empty 400).
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddReceptionRateLimits(builder.Configuration);
        builder.Services.AddReceptionOpenApi();
        return builder;
    }

    /// <summary>
    /// Under /api, and for the pages' scripts asking for JSON (the dashboard's figures, the desk's waits),
    /// errors of every kind (bad input, empty 401/403/404/405, exceptions) answer problem details, and a
    /// body that is not UTF-8 is one of them.
    /// The hubs' handshakes get the same exception handling, so a database that is briefly
    /// away while a token is checked is a 503 with Retry-After (the desk retries), not a 500.
    /// </summary>
    public static IApplicationBuilder UseReceptionApiErrors(this IApplicationBuilder app) =>
        app.UseWhen(AnswersProblems, api =>
            {
                api.UseExceptionHandler();
                api.UseStatusCodePages(ApiProblems.WriteStatusCodeAsync);
                api.UseUtf8Bodies();
            })
            .UseWhen(IsHub, hubs => hubs.UseExceptionHandler());

    /// <summary>A request whose errors are problem details: under /api, or a page's script asking for JSON (not a hub's).</summary>
    public static bool AnswersProblems(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || (!IsHub(context) && ApiProblems.AsksForJson(context.Request));

    public static bool IsHub(HttpContext context) => context.Request.Path.StartsWithSegments("/hubs");

    /// <summary>/api/v1 (REST for legacy clients), its OpenAPI document and a page that renders it.</summary>
    public static IEndpointRouteBuilder MapReceptionApi(this IEndpointRouteBuilder app)
    {
        var v1 = app.MapGroup("/api/v1")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        v1.MapToken();

        var secured = v1.MapGroup("")
            .RequireAuthorization(AuthExtensions.ApiPolicy)
            .RequireRateLimiting(RateLimits.ClientPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        secured.MapSync();
        secured.MapQueue();

        app.MapOpenApi();
        // Served from the package, with nothing sent elsewhere: no telemetry, AI agent or web fonts.
        app.MapScalarApiReference(SecurityHeaders.ScalarPath, o =>
        {
            o.WithTitle("Reception API").AddPreferredSecuritySchemes(OpenApiDocumentation.SchemeName);
            o.WithNonce(); // a fresh nonce per request on its inline script, which SecurityHeaders allows
            o.DisableTelemetry().DisableAgent().DisableMcp().DisableDefaultFonts();
            o.ShowDeveloperTools = DeveloperToolsVisibility.Never;
        });
        return app;
    }
}
