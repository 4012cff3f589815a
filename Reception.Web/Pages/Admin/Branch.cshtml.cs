using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Feed;
using Reception.Web.Auth;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Admin;

/// <summary>
/// One branch: its name and time zone, and everything it has (services, desks, display links, API
/// clients). Nothing here is deleted: history refers to it, so it is closed or revoked instead.
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminBranchModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    public BranchView? View { get; private set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        View = await mediator.Send(new Query(Slug), HttpContext.RequestAborted);
        if (View is null)
        {
            return NotFound();
        }

        Input = new Command
        {
            Name = View.Name, TimeZoneId = View.TimeZoneId, Language = View.Language, IsActive = View.IsActive, RetentionDays = View.RetentionDays,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Slug = Slug;
        Input.By = User.Identity?.Name ?? "";
        var error = ModelState.IsValid ? await mediator.Send(Input, HttpContext.RequestAborted) : null;
        if (error is { } e)
        {
            ModelState.AddModelError($"{nameof(Input)}.{e.Field}", Texts.Get(Texts.Current.Tag, e.Message.Key, e.Message.Args));
        }

        if (!ModelState.IsValid)
        {
            View = await mediator.Send(new Query(Slug), HttpContext.RequestAborted);
            return View is null ? NotFound() : Page();
        }

        AdminSaved.Tell(TempData, Input.IsActive ? "admin.saved.branchOpen" : "admin.saved.branchClosed",
            ("name", Input.Name.Trim()), ("zone", Input.TimeZoneId), ("count", Convert.ToString(Input.RetentionDays, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        return RedirectToPage(new { slug = Slug });
    }

    /// <summary>
    /// Reopens a service or desk, or revokes a display link or API key. Closing a service or desk
    /// always goes through the Close page first, which says whom it affects.
    /// </summary>
    public async Task<IActionResult> OnPostSetAsync(Thing thing, Guid id, bool active)
    {
        if (!active && thing is Thing.Service or Thing.Desk)
        {
            return RedirectToPage("Close", new { slug = Slug, kind = thing == Thing.Service ? AdminCloseModel.ServiceKind : AdminCloseModel.DeskKind, id });
        }

        if (await mediator.Send(new SetActive(Slug, thing, id, active, User.Identity?.Name ?? ""), HttpContext.RequestAborted) is { } name)
        {
            AdminSaved.Tell(TempData, active ? "admin.saved.reopened" : "admin.saved.revoked", ("name", name));
        }

        return RedirectToPage(new { slug = Slug });
    }

    public enum Thing
    {
        Service,
        Desk,
        Display,
        ApiClient,
        Kiosk,
    }

    public sealed record BranchView(
        Guid Id, string Slug, string Name, string TimeZoneId, string Language, bool IsActive, int RetentionDays, IReadOnlyList<ServiceRow> Services, IReadOnlyList<DeskRow> Desks,
        IReadOnlyList<CredentialRow> Displays, IReadOnlyList<CredentialRow> ApiClients, IReadOnlyList<CredentialRow> Kiosks);

    public sealed record ServiceRow(Guid Id, string Name, string Prefix, int SortOrder, bool IsActive);

    public sealed record DeskRow(Guid Id, string Name, int SortOrder, bool IsActive, IReadOnlyList<string> Services);

    public sealed record CredentialRow(Guid Id, string Name, DateTime CreatedAt, DateTime? RevokedAt, bool IsActive);

    public sealed record Query(string Slug) : IQuery<BranchView?>;

    public sealed class QueryHandler(ReceptionDbContext db) : IQueryHandler<Query, BranchView?>
    {
        public async ValueTask<BranchView?> Handle(Query query, CancellationToken cancellationToken)
        {
            var b = await db.Branches.AsNoTracking().SingleOrDefaultAsync(x => x.Slug == query.Slug, cancellationToken);
            if (b is null)
            {
                return null;
            }

            var services = await db.Services.AsNoTracking().Where(s => s.BranchId == b.Id)
                .OrderByDescending(s => s.IsActive).ThenBy(s => s.SortOrder).ThenBy(s => s.Name)
                .Select(s => new ServiceRow(s.Id, s.Name, s.Prefix, s.SortOrder, s.IsActive)).ToListAsync(cancellationToken);
            var desks = await db.Desks.AsNoTracking().Where(d => d.BranchId == b.Id)
                .OrderByDescending(d => d.IsActive).ThenBy(d => d.SortOrder).ThenBy(d => d.Name)
                .Select(d => new DeskRow(d.Id, d.Name, d.SortOrder, d.IsActive, d.Services.OrderBy(s => s.SortOrder).Select(s => s.Name).ToList()))
                .ToListAsync(cancellationToken);
            var displays = await db.DisplayTokens.AsNoTracking().Where(t => t.BranchId == b.Id)
                .OrderByDescending(t => t.IsActive).ThenByDescending(t => t.CreatedAt)
                .Select(t => new CredentialRow(t.Id, t.Name, t.CreatedAt, t.RevokedAt, t.IsActive && t.RevokedAt == null))
                .ToListAsync(cancellationToken);
            var clients = await db.ApiClients.AsNoTracking().Where(c => c.BranchId == b.Id)
                .OrderByDescending(c => c.IsActive).ThenByDescending(c => c.CreatedAt)
                .Select(c => new CredentialRow(c.Id, c.Name, c.CreatedAt, c.RevokedAt, c.IsActive && c.RevokedAt == null))
                .ToListAsync(cancellationToken);
            var kiosks = await db.KioskTokens.AsNoTracking().Where(t => t.BranchId == b.Id)
                .OrderByDescending(t => t.IsActive).ThenByDescending(t => t.CreatedAt)
                .Select(t => new CredentialRow(t.Id, t.Name, t.CreatedAt, t.RevokedAt, t.IsActive && t.RevokedAt == null))
                .ToListAsync(cancellationToken);
            return new BranchView(b.Id, b.Slug, b.Name, b.TimeZoneId, b.Language, b.IsActive, b.RetentionDays, services, desks, displays, clients, kiosks);
        }
    }

    public sealed class Command : ICommand<(string Field, Message Message)?>
    {
        [Required(ErrorMessage = "admin.branch.nameMissing")]
        [StringLength(200, ErrorMessage = "admin.branch.nameTooLong")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "admin.branch.timeZoneMissing")]
        [Display(Name = "admin.timeZone")]
        public string TimeZoneId { get; set; } = "UTC";

        /// <summary>The branch's language: a tag of <see cref="Languages.Language.All"/>.</summary>
        [Required(ErrorMessage = "admin.branch.languageUnknown")]
        public string Language { get; set; } = Branch.DefaultLanguage;

        [Display(Name = "admin.branch.open")]
        public bool IsActive { get; set; } = true;

        [Required(ErrorMessage = "admin.branch.retentionMissing")]
        [Range(MinRetentionDays, MaxRetentionDays,
            ErrorMessage = "admin.branch.retentionInvalid")]
        [Display(Name = "admin.branch.retention")]
        public int? RetentionDays { get; set; } = Branch.DefaultRetentionDays;

        /// <summary>At least a day: today's visits are at work.</summary>
        public const int MinRetentionDays = 1;

        public const int MaxRetentionDays = 3650;

        [BindNever]
        public string Slug { get; set; } = "";

        [BindNever]
        public string By { get; set; } = "";
    }

    public sealed class CommandHandler(ReceptionDbContext db, ILogger<AdminBranchModel> logger)
        : ICommandHandler<Command, (string Field, Message Message)?>
    {
        public async ValueTask<(string Field, Message Message)?> Handle(Command command, CancellationToken cancellationToken)
        {
            if (!AdminChecks.IsTimeZone(command.TimeZoneId))
            {
                return (nameof(Command.TimeZoneId), new Message("admin.timeZoneUnknown"));
            }

            if (Languages.Language.All.All(l => l.Tag != command.Language))
            {
                return (nameof(Command.Language), new Message("admin.branch.languageUnknown"));
            }

            var rows = await db.Branches.Where(b => b.Slug == command.Slug).ExecuteUpdateAsync(s => s
                .SetProperty(b => b.Name, command.Name.Trim())
                .SetProperty(b => b.TimeZoneId, command.TimeZoneId)
                .SetProperty(b => b.Language, command.Language)
                .SetProperty(b => b.IsActive, command.IsActive)
                .SetProperty(b => b.RetentionDays, command.RetentionDays ?? Branch.DefaultRetentionDays), cancellationToken);
            if (rows == 0)
            {
                return (nameof(Command.Name), new Message("admin.branchGone"));
            }

            AdminLog.Changed(logger, command.By, $"updated branch {command.Slug} (open: {command.IsActive}, language: {command.Language}, retention: {command.RetentionDays} days)");
            return null;
        }
    }

    /// <summary>Reopens or revokes one thing of the branch; answers its name, or null when nothing changed.</summary>
    public sealed record SetActive(string Slug, Thing Thing, Guid Id, bool Active, string By) : ICommand<string?>;

    public sealed class SetActiveHandler(
        ReceptionDbContext db, TimeProvider clock, IMediator mediator, ApiKeyCache apiKeys, ILogger<AdminBranchModel> logger)
        : ICommandHandler<SetActive, string?>
    {
        public async ValueTask<string?> Handle(SetActive command, CancellationToken cancellationToken)
        {
            var branch = await db.Branches.Where(b => b.Slug == command.Slug).Select(b => (Guid?)b.Id).SingleOrDefaultAsync(cancellationToken);
            if (branch is not { } id)
            {
                return null;
            }

            var name = command.Thing switch
            {
                Thing.Service => await db.Services.Where(s => s.Id == command.Id && s.BranchId == id).Select(s => s.Name).SingleOrDefaultAsync(cancellationToken),
                Thing.Desk => await db.Desks.Where(d => d.Id == command.Id && d.BranchId == id).Select(d => d.Name).SingleOrDefaultAsync(cancellationToken),
                Thing.Display => await db.DisplayTokens.Where(t => t.Id == command.Id && t.BranchId == id).Select(t => t.Name).SingleOrDefaultAsync(cancellationToken),
                Thing.ApiClient => await db.ApiClients.Where(c => c.Id == command.Id && c.BranchId == id).Select(c => c.Name).SingleOrDefaultAsync(cancellationToken),
                Thing.Kiosk => await db.KioskTokens.Where(t => t.Id == command.Id && t.BranchId == id).Select(t => t.Name).SingleOrDefaultAsync(cancellationToken),
                _ => null,
            };

            var now = clock.GetUtcNow().UtcDateTime;
            var rows = command.Thing switch
            {
                Thing.Service => await db.Services.Where(s => s.Id == command.Id && s.BranchId == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, command.Active), cancellationToken),
                Thing.Desk => await db.Desks.Where(d => d.Id == command.Id && d.BranchId == id)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, command.Active), cancellationToken),
                // A revoked credential stays revoked: a new one is made instead.
                Thing.Display => await db.DisplayTokens.Where(t => t.Id == command.Id && t.BranchId == id && t.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false).SetProperty(x => x.RevokedAt, now), cancellationToken),
                Thing.ApiClient => await db.ApiClients.Where(c => c.Id == command.Id && c.BranchId == id && c.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false).SetProperty(x => x.RevokedAt, now), cancellationToken),
                Thing.Kiosk => await db.KioskTokens.Where(t => t.Id == command.Id && t.BranchId == id && t.RevokedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, false).SetProperty(x => x.RevokedAt, now), cancellationToken),
                _ => 0,
            };
            if (rows == 0)
            {
                return null;
            }

            if (command.Thing is Thing.ApiClient)
            {
                apiKeys.Forget(command.Id);   // refused here at once; other instances within Reception:Auth:SessionCheck
            }

            AdminLog.Changed(logger, command.By, $"set {command.Thing} {command.Id} of {command.Slug} {(command.Active ? "open" : "closed/revoked")}");
            if (command.Thing is Thing.Service or Thing.Desk)
            {
                await mediator.Send(new AnnounceCatalog(id), cancellationToken);   // reopened: live on the desks
            }

            return name;
        }
    }
}
