using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Dashboard;
using Reception.Sync.Wire;
using Reception.Web.Api;
using Reception.Web.Auth;

namespace Reception.Web.Pages.Dashboard;

/// <summary>
/// The managers' live dashboard of one branch. The first paint is rendered here from
/// <see cref="GetDashboard"/>; wwwroot/js/board/dashboard.js then follows the branch on the queue
/// hub and fetches the same figures again (?handler=figures) shortly after each change.
/// </summary>
[Authorize(Roles = $"{Roles.Manager},{Roles.Admin}")]
public sealed class DashboardModel(IMediator mediator) : PageModel
{
    [BindProperty(Name = "branch", SupportsGet = true)]
    public string? Branch { get; set; }

    public Result View { get; private set; } = new(null, [], null);

    public async Task OnGetAsync()
    {
        View = await mediator.Send(new Query(User.ToCaller(), Branch), HttpContext.RequestAborted);
        if (View.Problem is { } problem)
        {
            Response.StatusCode = problem.Status; // a branch this login may not see is a 403, not a page that says so with a 200
        }
    }

    /// <summary>The figures alone, as JSON, for the page's script.</summary>
    public async Task<IActionResult> OnGetFiguresAsync()
    {
        var reply = await mediator.Send(new Figures(User.ToCaller(), Branch), HttpContext.RequestAborted);
        return reply.Problem is { } problem ? problem.AsActionResult() : new JsonResult(reply.Value, WireJson.Options);
    }

    public sealed record Query(Caller? Caller, string? Branch) : IQuery<Result>;

    public sealed record Figures(Caller? Caller, string? Branch) : IQuery<SyncReply<DashboardDto>>;

    /// <summary>The figures of one branch, the branches the manager may switch to, or why not.</summary>
    public sealed record Result(DashboardDto? Dashboard, IReadOnlyList<BranchChoice> Branches, SyncProblem? Problem)
    {
        /// <summary>For dashboard.js; the serializer escapes &lt; and &gt;, so it is safe inside a script element.</summary>
        public string Json() => WireJson.Serialize(new { branch = Dashboard!.Branch, figures = Dashboard });
    }

    public sealed record BranchChoice(string Slug, string Name);

    public sealed class Handler(ReceptionDbContext db, IMediator mediator) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            if (query.Caller is not { } caller)
            {
                return new Result(null, [], SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.NoRole), ProblemCodes.ForbiddenRole));
            }

            var branches = (await db.Branches.AsNoTracking().Where(b => b.IsActive).OrderBy(b => b.Name)
                    .Select(b => new { b.Id, b.Slug, b.Name }).ToListAsync(cancellationToken))
                .Where(b => caller.MayUse(b.Id)).ToList();
            var slug = query.Branch
                       ?? branches.FirstOrDefault(b => b.Id == caller.BranchId)?.Slug
                       ?? branches.FirstOrDefault()?.Slug;
            var choices = branches.Select(b => new BranchChoice(b.Slug, b.Name)).ToList();
            if (slug is null)
            {
                return new Result(null, choices, SyncProblem.NotFound(ProblemDetail.Of(ProblemDetailCodes.NoBranchToManage)));
            }

            var reply = await mediator.Send(new GetDashboard(slug, caller), cancellationToken);
            return new Result(reply.Value, choices, reply.Problem);
        }

    }

    public sealed class FiguresHandler(IMediator mediator) : IQueryHandler<Figures, SyncReply<DashboardDto>>
    {
        public async ValueTask<SyncReply<DashboardDto>> Handle(Figures query, CancellationToken cancellationToken) =>
            query.Caller is { } caller
                ? await mediator.Send(new GetDashboard(query.Branch, caller), cancellationToken)
                : SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.NoRole), ProblemCodes.ForbiddenRole);
    }
}
