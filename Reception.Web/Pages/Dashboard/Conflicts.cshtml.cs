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
using Reception.Web.Auth;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Dashboard;

/// <summary>Today's conflicts and given-up retries of a branch, in words, with whether each is resolved.</summary>
[Authorize(Roles = $"{Roles.Manager},{Roles.Admin}")]
public sealed class ConflictsModel(IMediator mediator) : PageModel
{
    [BindProperty(Name = "branch", SupportsGet = true)]
    public string? Branch { get; set; }

    public SyncReply<ConflictReport> View { get; private set; } = SyncProblem.NotFound("");

    public async Task OnGetAsync()
    {
        View = await mediator.Send(new Query(User.ToCaller(), Branch), HttpContext.RequestAborted);
        if (View.Problem is { } problem)
        {
            Response.StatusCode = problem.Status;
        }
    }

    /// <summary>A conflict's words as the catalog's message (<see cref="ReasonMessages.Of(Words)"/>).</summary>
    public static Message Say(Words words) => ReasonMessages.Of(words);

    /// <summary>A name or a ticket as it is (text), else its words (<see cref="Say(Words)"/>).</summary>
    public static Message? Say(object value) => value as Words is { } words ? Say(words) : null;

    /// <summary>What the desk was told, by its reason code (<c>reasons.{code}</c>); null for a code the catalog does not have.</summary>
    public static Message? Say(Reason? reason) => ReasonMessages.Of(reason?.Code, reason?.Args);

    public sealed record Query(Caller? Caller, string? Branch) : IQuery<SyncReply<ConflictReport>>;

    public sealed class Handler(ReceptionDbContext db, IMediator mediator) : IQueryHandler<Query, SyncReply<ConflictReport>>
    {
        public async ValueTask<SyncReply<ConflictReport>> Handle(Query query, CancellationToken cancellationToken)
        {
            if (query.Caller is not { } caller)
            {
                return SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.NoRole), ProblemCodes.ForbiddenRole);
            }

            // No branch named: the manager's own, or the first one they may use.
            var slug = query.Branch ?? (await db.Branches.AsNoTracking().Where(b => b.IsActive).OrderBy(b => b.Name)
                    .Select(b => new { b.Id, b.Slug }).ToListAsync(cancellationToken))
                .OrderBy(b => b.Id == caller.BranchId ? 0 : 1).FirstOrDefault(b => caller.MayUse(b.Id))?.Slug;
            return await mediator.Send(new GetConflicts(slug, caller), cancellationToken);
        }
    }
}
