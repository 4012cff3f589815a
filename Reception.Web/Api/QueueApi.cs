using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Reception.Sync.Feed;
using Reception.Web.Auth;

namespace Reception.Web.Api;

/// <summary>Plain reads for systems that show the queue without keeping a replica of it.</summary>
public static class QueueApi
{
    public static RouteGroupBuilder MapQueue(this RouteGroupBuilder api)
    {
        api.MapGet("/branches/{branch}/queue", GetAsync)
            .WithTags("Queue")
            .WithName("GetQueue")
            .WithSummary("The open visits of a branch in queue order, with its services and desks")
            .WithDescription(
                "Waiting, called and serving visits, highest priority first, then by arrival. version is the branch's feed version at the read: pull from it to follow changes.");
        return api;
    }

    private static async Task<Results<Ok<QueueResponse>, ProblemHttpResult>> GetAsync(
        string branch, ClaimsPrincipal user, IMediator mediator, CancellationToken cancellationToken)
    {
        if (user.ToCaller() is not { } caller)
        {
            return ApiProblems.NoRole();
        }

        var reply = await mediator.Send(new GetQueue(branch, caller), cancellationToken);
        return reply.Problem is { } problem ? problem.AsProblem() : TypedResults.Ok(reply.Value!);
    }
}
