using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Feed;

namespace Reception.Web.Pages.Admin;

/// <summary>
/// Closing a service or a desk, in two steps: first what it does to whom (how many visitors, which
/// desks and logins), then the admin confirms. A plain form, so it works without JavaScript; the
/// branch page's Set handler never closes one without this step.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminCloseModel(IMediator mediator) : PageModel
{
    public const string ServiceKind = "service";
    public const string DeskKind = "desk";

    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string Kind { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public Guid Id { get; set; }

    public Impact? What { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        What = Kind is ServiceKind or DeskKind ? await mediator.Send(new Query(Slug, Kind, Id), HttpContext.RequestAborted) : null;
        if (What is null)
        {
            return NotFound();
        }

        return What.IsOpen ? Page() : RedirectToPage("Branch", new { slug = Slug });
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (Kind is not (ServiceKind or DeskKind)
            || await mediator.Send(new Close(Slug, Kind, Id, User.Identity?.Name ?? ""), HttpContext.RequestAborted) is not { } closed)
        {
            return NotFound();
        }

        AdminSaved.Tell(TempData, "admin.saved.closed", ("name", closed));
        return RedirectToPage("Branch", new { slug = Slug });
    }

    /// <summary>What closing does: the numbers, and who is touched.</summary>
    /// <param name="Waiting">Visitors waiting for the service (a service), or 0 (a desk).</param>
    /// <param name="AtDesk">Visitors called or being served: of the service, or at the desk.</param>
    /// <param name="Desks">A service: desks left with no other open service. A desk: none.</param>
    /// <param name="Logins">A desk: the logins that work at it.</param>
    public sealed record Impact(
        string BranchName, string Name, bool IsOpen, int Waiting, int AtDesk, IReadOnlyList<string> Desks, IReadOnlyList<string> Logins)
    {
        public int Visitors => Waiting + AtDesk;
    }

    public sealed record Query(string Slug, string Kind, Guid Id) : IQuery<Impact?>;

    public sealed class QueryHandler(ReceptionDbContext db) : IQueryHandler<Query, Impact?>
    {
        private static readonly VisitStatus[] AtADesk = [VisitStatus.Called, VisitStatus.Serving];

        public async ValueTask<Impact?> Handle(Query query, CancellationToken cancellationToken)
        {
            var branch = await db.Branches.AsNoTracking().Where(b => b.Slug == query.Slug).Select(b => new { b.Id, b.Name })
                .SingleOrDefaultAsync(cancellationToken);
            if (branch is null)
            {
                return null;
            }

            if (query.Kind == ServiceKind)
            {
                var service = await db.Services.AsNoTracking().Where(s => s.Id == query.Id && s.BranchId == branch.Id)
                    .Select(s => new { s.Name, s.IsActive }).SingleOrDefaultAsync(cancellationToken);
                if (service is null)
                {
                    return null;
                }

                var visits = db.Visits.Where(v => v.BranchId == branch.Id && v.ServiceId == query.Id);
                var waiting = await visits.CountAsync(v => v.Status == VisitStatus.Waiting, cancellationToken);
                var atDesk = await visits.CountAsync(v => AtADesk.Contains(v.Status), cancellationToken);
                var stranded = await db.Desks.AsNoTracking()
                    .Where(d => d.BranchId == branch.Id && d.IsActive && d.Services.Any(s => s.Id == query.Id)
                                && !d.Services.Any(s => s.Id != query.Id && s.IsActive))
                    .OrderBy(d => d.SortOrder).Select(d => d.Name).ToListAsync(cancellationToken);
                return new Impact(branch.Name, service.Name, service.IsActive, waiting, atDesk, stranded, []);
            }

            var desk = await db.Desks.AsNoTracking().Where(d => d.Id == query.Id && d.BranchId == branch.Id)
                .Select(d => new { d.Name, d.IsActive }).SingleOrDefaultAsync(cancellationToken);
            if (desk is null)
            {
                return null;
            }

            var there = await db.Visits.CountAsync(v => v.BranchId == branch.Id && v.DeskId == query.Id && AtADesk.Contains(v.Status),
                cancellationToken);
            var logins = await db.Users.AsNoTracking().Where(u => u.DeskId == query.Id && u.IsActive).OrderBy(u => u.UserName)
                .Select(u => u.UserName!).ToListAsync(cancellationToken);
            return new Impact(branch.Name, desk.Name, desk.IsActive, 0, there, [], logins);
        }
    }

    /// <summary>Closes the service or desk and tells the branch's desks; answers its name, or null when there is none.</summary>
    public sealed record Close(string Slug, string Kind, Guid Id, string By) : ICommand<string?>;

    public sealed class CloseHandler(ReceptionDbContext db, IMediator mediator, ILogger<AdminCloseModel> logger) : ICommandHandler<Close, string?>
    {
        public async ValueTask<string?> Handle(Close command, CancellationToken cancellationToken)
        {
            var branch = await db.Branches.Where(b => b.Slug == command.Slug).Select(b => (Guid?)b.Id).SingleOrDefaultAsync(cancellationToken);
            if (branch is not { } branchId)
            {
                return null;
            }

            string? name;
            if (command.Kind == ServiceKind)
            {
                name = await db.Services.Where(s => s.Id == command.Id && s.BranchId == branchId).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken);
                await db.Services.Where(s => s.Id == command.Id && s.BranchId == branchId)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false), cancellationToken);
            }
            else
            {
                name = await db.Desks.Where(d => d.Id == command.Id && d.BranchId == branchId).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken);
                await db.Desks.Where(d => d.Id == command.Id && d.BranchId == branchId)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false), cancellationToken);
            }

            if (name is null)
            {
                return null;
            }

            AdminLog.Changed(logger, command.By, $"closed {command.Kind} {command.Id} of {command.Slug}");
            await mediator.Send(new AnnounceCatalog(branchId), cancellationToken);
            return name;
        }
    }
}
