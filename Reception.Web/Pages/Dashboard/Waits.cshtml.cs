using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Dashboard;
using Reception.Sync.Wire;
using Reception.Web.Api;
using Reception.Web.Auth;

namespace Reception.Web.Pages.Dashboard;

/// <summary>
/// The estimated wait of every waiting visitor of a branch, as JSON, for the desk page (any login
/// of the branch): <c>GET /waits/{branch}</c>. The same numbers as the dashboard's.
/// </summary>
[Authorize(Roles = $"{Roles.Desk},{Roles.Manager},{Roles.Admin}")]
public sealed class WaitsModel(IMediator mediator) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string branch)
    {
        var reply = await mediator.Send(new Query(User.ToCaller(), branch), HttpContext.RequestAborted);
        return reply.Problem is { } problem ? problem.AsActionResult() : new JsonResult(reply.Value, WireJson.Options);
    }

    public sealed record Query(Caller? Caller, string Branch) : IQuery<SyncReply<WaitEstimates>>;

    public sealed class Handler(IMediator mediator) : IQueryHandler<Query, SyncReply<WaitEstimates>>
    {
        public async ValueTask<SyncReply<WaitEstimates>> Handle(Query query, CancellationToken cancellationToken) =>
            query.Caller is { } caller
                ? await mediator.Send(new GetWaitEstimates(query.Branch, caller), cancellationToken)
                : SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.NoRole), ProblemCodes.ForbiddenRole);
    }
}
