using System.ComponentModel.DataAnnotations;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Admin;

/// <summary>The administration's start: every branch, and a form to open a new one.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminIndexModel(IMediator mediator) : PageModel
{
    public IReadOnlyList<BranchRow> Branches { get; private set; } = [];

    [BindProperty]
    public Command Input { get; set; } = new();

    public static IEnumerable<SelectListItem> TimeZones(string? selected) => TimeZoneChoices.For(selected);

    public async Task OnGetAsync() => Branches = await mediator.Send(new Query(), HttpContext.RequestAborted);

    public async Task<IActionResult> OnPostAsync()
    {
        Input.By = User.Identity?.Name ?? "";
        var errors = ModelState.IsValid ? await mediator.Send(Input, HttpContext.RequestAborted) : [];
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", Texts.Get(Texts.Current.Tag, message.Key, message.Args));
        }

        if (!ModelState.IsValid)
        {
            Branches = await mediator.Send(new Query(), HttpContext.RequestAborted);
            return Page();
        }

        AdminSaved.Tell(TempData, "admin.saved.branchAdded", ("name", Input.Name.Trim()));
        return RedirectToPage("Branch", new { slug = Input.Slug.Trim() });
    }

    public sealed record BranchRow(string Slug, string Name, string TimeZoneId, bool IsActive, int Services, int Desks, int Users);

    public sealed record Query : IQuery<IReadOnlyList<BranchRow>>;

    public sealed class QueryHandler(ReceptionDbContext db) : IQueryHandler<Query, IReadOnlyList<BranchRow>>
    {
        public async ValueTask<IReadOnlyList<BranchRow>> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Branches.AsNoTracking().OrderByDescending(b => b.IsActive).ThenBy(b => b.Name)
                .Select(b => new BranchRow(b.Slug, b.Name, b.TimeZoneId, b.IsActive,
                    b.Services.Count(s => s.IsActive), b.Desks.Count(d => d.IsActive), db.Users.Count(u => u.BranchId == b.Id && u.IsActive)))
                .ToListAsync(cancellationToken);
    }

    /// <summary>A new branch. Answers the problems per field; empty when it was created.</summary>
    public sealed class Command : ICommand<IReadOnlyList<(string Field, Message Message)>>
    {
        [Required(ErrorMessage = "admin.branch.nameMissing")]
        [StringLength(200, ErrorMessage = "admin.branch.nameTooLong")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "admin.branch.slugMissing")]
        [RegularExpression("^[a-z0-9][a-z0-9-]{1,63}$",
            ErrorMessage = "admin.branch.slugInvalid")]
        public string Slug { get; set; } = "";

        [Required(ErrorMessage = "admin.branch.timeZoneMissingNew")]
        [Display(Name = "admin.timeZone")]
        public string TimeZoneId { get; set; } = "UTC";

        [BindNever]
        public string By { get; set; } = "";
    }

    public sealed class CommandHandler(ReceptionDbContext db, TimeProvider clock, ILogger<AdminIndexModel> logger)
        : ICommandHandler<Command, IReadOnlyList<(string Field, Message Message)>>
    {
        public async ValueTask<IReadOnlyList<(string Field, Message Message)>> Handle(Command command, CancellationToken cancellationToken)
        {
            var slug = command.Slug.Trim();
            if (await db.Branches.AnyAsync(b => b.Slug == slug, cancellationToken))
            {
                return [(nameof(Command.Slug), Message.Of("admin.branch.slugTaken", ("slug", slug)))];
            }

            if (!AdminChecks.IsTimeZone(command.TimeZoneId))
            {
                return [(nameof(Command.TimeZoneId), new Message("admin.timeZoneUnknown"))];
            }

            db.Branches.Add(new Branch
            {
                Id = Guid.NewGuid(), Slug = slug, Name = command.Name.Trim(), TimeZoneId = command.TimeZoneId,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            await db.SaveChangesAsync(cancellationToken);
            AdminLog.Changed(logger, command.By, $"opened branch {slug}");
            return [];
        }
    }
}
