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

/// <summary>A branch's figures over chosen dates, and its visits of those dates as a CSV file.</summary>
[Authorize(Roles = $"{Roles.Manager},{Roles.Admin}")]
public sealed class ReportsModel(IMediator mediator) : PageModel
{
    [BindProperty(Name = "branch", SupportsGet = true)]
    public string? Branch { get; set; }

    [BindProperty(Name = "from", SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(Name = "to", SupportsGet = true)]
    public string? To { get; set; }

    public Result View { get; private set; } = new(null, null, [], null);

    public async Task OnGetAsync()
    {
        View = await mediator.Send(new Query(User.ToCaller(), Branch, From, To), HttpContext.RequestAborted);
        if (View.Problem is { } problem)
        {
            Response.StatusCode = problem.Status;
        }
    }

    /// <summary>The visits as a download; bad dates or another branch answer a problem, never a file.</summary>
    public async Task<IActionResult> OnGetCsvAsync()
    {
        var reply = User.ToCaller() is { } caller
            ? await mediator.Send(new ExportVisits(Branch, caller, From, To), HttpContext.RequestAborted)
            : SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.NoRole), ProblemCodes.ForbiddenRole);
        return reply.Problem is { } problem
            ? problem.AsActionResult()
            : File(reply.Value!.Content, "text/csv; charset=utf-8", reply.Value.FileName);
    }

    public sealed record Query(Caller? Caller, string? Branch, string? From, string? To) : IQuery<Result>;

    /// <param name="Slug">The branch shown or asked for, so the form keeps it after an error.</param>
    public sealed record Result(Report? Report, string? Slug, IReadOnlyList<DashboardModel.BranchChoice> Branches, SyncProblem? Problem);

    public sealed class Handler(ReceptionDbContext db, IMediator mediator) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            if (query.Caller is not { } caller)
            {
                return new Result(null, null, [], SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.NoRole), ProblemCodes.ForbiddenRole));
            }

            var branches = (await db.Branches.AsNoTracking().Where(b => b.IsActive).OrderBy(b => b.Name)
                    .Select(b => new { b.Id, b.Slug, b.Name }).ToListAsync(cancellationToken))
                .Where(b => caller.MayUse(b.Id)).ToList();
            var slug = query.Branch
                       ?? branches.FirstOrDefault(b => b.Id == caller.BranchId)?.Slug
                       ?? branches.FirstOrDefault()?.Slug;
            var choices = branches.Select(b => new DashboardModel.BranchChoice(b.Slug, b.Name)).ToList();
            if (slug is null)
            {
                return new Result(null, null, choices, SyncProblem.NotFound(ProblemDetail.Of(ProblemDetailCodes.NoBranchToManage)));
            }

            var reply = await mediator.Send(new GetReport(slug, caller, query.From, query.To), cancellationToken);
            return new Result(reply.Value, slug, choices, reply.Problem);
        }
    }
}
