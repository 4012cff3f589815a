using Mediator;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;

namespace Reception.Web.Pages;

public sealed class IndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<BranchSummary> Branches { get; private set; } = [];

    public async Task OnGetAsync() => Branches = await mediator.Send(new Query(), HttpContext.RequestAborted);

    public sealed record BranchSummary(string Slug, string Name, int Waiting, long FeedVersion);

    public sealed record Query : IQuery<IReadOnlyList<BranchSummary>>;

    public sealed class Handler(ReceptionDbContext db) : IQueryHandler<Query, IReadOnlyList<BranchSummary>>
    {
        public async ValueTask<IReadOnlyList<BranchSummary>> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Branches.AsNoTracking().Where(b => b.IsActive).OrderBy(b => b.Name)
                .Select(b => new BranchSummary(b.Slug, b.Name,
                    db.Visits.Count(v => v.BranchId == b.Id && v.Status == VisitStatus.Waiting), b.FeedVersion))
                .ToListAsync(cancellationToken);
    }
}
