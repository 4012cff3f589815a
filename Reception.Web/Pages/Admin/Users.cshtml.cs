using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;

namespace Reception.Web.Pages.Admin;

/// <summary>Every login: its role, branch and desk, and whether it may still sign in.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminUsersModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<UserRow> Users { get; private set; } = [];

    public async Task OnGetAsync() => Users = await mediator.Send(new Query(), HttpContext.RequestAborted);

    public sealed record UserRow(string Id, string UserName, string DisplayName, string Role, string? Branch, string? Desk, bool IsActive);

    public sealed record Query : IQuery<IReadOnlyList<UserRow>>;

    public sealed class Handler(ReceptionDbContext db) : IQueryHandler<Query, IReadOnlyList<UserRow>>
    {
        public async ValueTask<IReadOnlyList<UserRow>> Handle(Query query, CancellationToken cancellationToken) =>
            await (from u in db.Users.AsNoTracking()
                   orderby u.IsActive descending, u.UserName
                   select new UserRow(
                       u.Id, u.UserName ?? "", u.DisplayName,
                       (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault() ?? "",
                       db.Branches.Where(b => b.Id == u.BranchId).Select(b => b.Name).FirstOrDefault(),
                       db.Desks.Where(d => d.Id == u.DeskId).Select(d => d.Name).FirstOrDefault(),
                       u.IsActive))
                .ToListAsync(cancellationToken);
    }
}
