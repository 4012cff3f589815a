using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Reception.Sync.Apply;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;
using Reception.Web.Api;
using Reception.Web.Visitors;

namespace Reception.Web.Kiosk;

public static class KioskExtensions
{
    public const string HubPath = "/hubs/kiosk";
    public const string Policy = "Kiosk";

    /// <summary>Self check-in kiosks: their token scheme, their connections and the revoked-token sweeper.</summary>
    public static WebApplicationBuilder AddReceptionKiosk(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, KioskAuthenticationHandler>(KioskAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(Policy, p => p
            .AddAuthenticationSchemes(KioskAuthenticationHandler.SchemeName)
            .RequireRole(KioskAuthenticationHandler.Role));
        builder.Services.AddSingleton<KioskConnections>();
        builder.Services.AddHostedService<KioskSweeper>();
        return builder;
    }

    public static IEndpointRouteBuilder MapReceptionKiosk(this IEndpointRouteBuilder app)
    {
        app.MapHub<KioskHub>(HubPath);

        // The kiosk's registrations: the same pipeline as a desk's push, as a kiosk caller (register only, its branch only).
        app.MapPost("/kiosk/{branch}/push", PushAsync)
            .WithBodyLimit(SyncApi.MaxPushBytes)
            .RequireAuthorization(Policy)
            .DisableAntiforgery()
            .ExcludeFromDescription();

        // "Am I still on?": 204 while the kiosk's token is valid, 401 once it was revoked (the kiosk then switches off).
        app.MapGet("/kiosk/{branch}/on", () => Results.NoContent())
            .RequireAuthorization(Policy)
            .ExcludeFromDescription();

        // The QR code of a visit this kiosk registered, for its ticket screen and printed receipt.
        app.MapGet("/kiosk/{branch}/v/{code}/qr.svg", QrAsync)
            .RequireAuthorization(Policy)
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<PushResponse>, ProblemHttpResult>> PushAsync(
        string branch, PushRequest request, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        if (KioskAuthenticationHandler.CallerOf(user) is not { } caller)
        {
            return ApiProblems.NoRole();
        }

        var reply = await mediator.Send(new PushActions(branch, request.Actions, caller, request.SentAt), cancellationToken);
        return reply.Problem is { } problem ? problem.AsProblem() : TypedResults.Ok(reply.Value!);
    }

    private static async Task<IResult> QrAsync(
        string branch, string code, HttpRequest request, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        if (KioskAuthenticationHandler.CallerOf(user) is not { BranchId: { } branchId, Owner: var owner }
            || user.FindFirst(KioskAuthenticationHandler.BranchClaim)?.Value != branch)
        {
            return SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.KioskOtherBranch)).AsProblem();
        }

        return VisitCodes.LooksValid(code) && await mediator.Send(new IsKioskVisit(owner, branchId, code), cancellationToken)
            ? Results.Text(VisitorExtensions.Svg(VisitorExtensions.LinkTo(request, code)), "image/svg+xml")
            : Results.NotFound();
    }
}
