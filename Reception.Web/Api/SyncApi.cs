using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Wire;
using Reception.Web.Auth;
using ActionResult = Reception.Sync.Wire.ActionResult;

namespace Reception.Web.Api;

/// <summary>One action for <c>POST /api/v1/sync/actions</c>.</summary>
public sealed record SingleActionRequest
{
    public string? Branch { get; init; }
    public SyncAction? Action { get; init; }
}

/// <summary>Push and pull over REST: the same Mediator requests the hub sends, so the same results and feed.</summary>
public static class SyncApi
{
    /// <summary>docs/protocol.md, "Limits": a push holds at most 1 MiB (and 500 actions, which the engine checks).</summary>
    public const long MaxPushBytes = 1024 * 1024;

    public static RouteGroupBuilder MapSync(this RouteGroupBuilder api)
    {
        var sync = api.MapGroup("/sync").WithTags("Sync");

        sync.MapPost("/push", PushAsync)
            .WithBodyLimit(MaxPushBytes)
            .WithName("Push")
            .WithSummary("Apply a batch of actions, in order, each exactly once")
            .WithDescription(
                "Answers 200 with one result per action, in order: applied, duplicate, conflict (code 409), rejected (code 422) or deferred (code 202). At most 500 actions and 1 MiB. The batch is committed together when it can be; if the database fails meanwhile, it is applied one action at a time instead, so every action still gets its own final result. " +
                "Optional sentAt (your clock when sending) with a callNext's args.queuedAt (your clock when it was asked for) lets the server refuse a callNext that waited too long (rejected: it calls no one).")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        sync.MapPost("/actions", ActionAsync)
            .WithBodyLimit(MaxPushBytes)
            .WithName("PushOne")
            .WithSummary("Apply one action; the HTTP status is the result's code")
            .WithDescription("200 applied or duplicate, 409 conflict, 422 rejected, 202 deferred; the body is the result in every case.")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        sync.MapGet("/pull", PullAsync)
            .WithName("Pull")
            .WithSummary("The branch's changes after a version, or a snapshot")
            .WithDescription(
                "since=0 (or a version older than the feed keeps) answers a snapshot of the branch; otherwise the changes after since, gap-free and in order. hasMore says to pull again from toVersion.");
        return api;
    }

    private static async Task<Results<Ok<PushResponse>, ProblemHttpResult>> PushAsync(
        PushRequest request, ClaimsPrincipal user, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        if (user.ToCaller() is not { } caller)
        {
            return ApiProblems.NoRole();
        }

        var reply = await mediator.Send(new PushActions(request.Branch, request.Actions, caller, request.SentAt), cancellationToken);
        return reply.Problem is { } problem ? problem.AsProblem() : TypedResults.Ok(ProblemWords.Word(reply.Value!, http));
    }

    private static async Task<Results<Ok<ActionResult>, Conflict<ActionResult>, UnprocessableEntity<ActionResult>,
        Accepted<ActionResult>, JsonHttpResult<ActionResult>, ProblemHttpResult>> ActionAsync(
        SingleActionRequest request, ClaimsPrincipal user, IMediator mediator, HttpContext http, CancellationToken cancellationToken)
    {
        if (user.ToCaller() is not { } caller)
        {
            return ApiProblems.NoRole();
        }

        if (request.Action is null)
        {
            return ApiProblems.Problem(StatusCodes.Status400BadRequest, ProblemDetail.Of(ProblemDetailCodes.NoAction));
        }

        var reply = await mediator.Send(new PushActions(request.Branch, [request.Action], caller), cancellationToken);
        if (reply.Problem is { } problem)
        {
            return problem.AsProblem();
        }

        var result = ProblemWords.Word(reply.Value!.Results.Single(), http);
        return result.Code switch
        {
            StatusCodes.Status200OK => TypedResults.Ok(result),
            StatusCodes.Status409Conflict => TypedResults.Conflict(result),
            StatusCodes.Status422UnprocessableEntity => TypedResults.UnprocessableEntity(result),
            StatusCodes.Status202Accepted => TypedResults.Accepted((string?)null, result),
            _ => TypedResults.Json(result, statusCode: result.Code),
        };
    }

    private static async Task<Results<Ok<PullResponse>, ProblemHttpResult>> PullAsync(
        ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken,
        [FromQuery] string? branch = null, [FromQuery] long since = 0)
    {
        if (user.ToCaller() is not { } caller)
        {
            return ApiProblems.NoRole();
        }

        var reply = await mediator.Send(new PullChanges(branch, since, caller), cancellationToken);
        return reply.Problem is { } problem ? problem.AsProblem() : TypedResults.Ok(reply.Value!);
    }
}
