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

namespace Reception.Web.Pages.Admin;

/// <summary>Adds a service to a branch, or renames one. A ticket prefix is unique within its branch.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminServiceModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public string BranchName { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        var found = await mediator.Send(new Query(Slug, Id), HttpContext.RequestAborted);
        if (found is null)
        {
            return NotFound();
        }

        (BranchName, Input) = found.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Slug = Slug;
        Input.Id = Id;
        Input.By = User.Identity?.Name ?? "";
        var errors = ModelState.IsValid ? await mediator.Send(Input, HttpContext.RequestAborted) : [];
        foreach (var (field, message) in errors)
        {
            ModelState.AddModelError($"{nameof(Input)}.{field}", message);
        }

        if (!ModelState.IsValid)
        {
            var found = await mediator.Send(new Query(Slug, Id), HttpContext.RequestAborted);
            BranchName = found?.BranchName ?? "";
            return Page();
        }

        AdminSaved.Tell(TempData, $"the service {Input.Name.Trim()} (tickets {Input.Prefix.Trim().ToUpperInvariant()}-001…).");
        return RedirectToPage("Branch", new { slug = Slug });
    }

    public sealed record Query(string Slug, Guid? Id) : IQuery<(string BranchName, Command Service)?>;

    public sealed class QueryHandler(ReceptionDbContext db) : IQueryHandler<Query, (string BranchName, Command Service)?>
    {
        public async ValueTask<(string BranchName, Command Service)?> Handle(Query query, CancellationToken cancellationToken)
        {
            var branch = await db.Branches.AsNoTracking().Where(b => b.Slug == query.Slug)
                .Select(b => new { b.Id, b.Name }).SingleOrDefaultAsync(cancellationToken);
            if (branch is null)
            {
                return null;
            }

            if (query.Id is not { } id)
            {
                var next = await db.Services.Where(s => s.BranchId == branch.Id).MaxAsync(s => (int?)s.SortOrder, cancellationToken) ?? 0;
                return (branch.Name, new Command { SortOrder = next + 1 });
            }

            var service = await db.Services.AsNoTracking().Where(s => s.Id == id && s.BranchId == branch.Id)
                .Select(s => new Command { Name = s.Name, Prefix = s.Prefix, SortOrder = s.SortOrder, KioskName = s.KioskName, NotForSelfCheckIn = s.NotForSelfCheckIn })
                .SingleOrDefaultAsync(cancellationToken);
            return service is null ? null : (branch.Name, service);
        }
    }

    /// <summary>A service to add or change. Answers the problems per field, all at once; empty when it was saved.</summary>
    public sealed class Command : ICommand<IReadOnlyList<(string Field, string Message)>>
    {
        [Required(ErrorMessage = "Give the service a name, e.g. \"General\".")]
        [StringLength(100, ErrorMessage = "A service name has at most 100 characters.")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "Give the service a ticket prefix, e.g. \"A\".")]
        [RegularExpression("^[A-Za-z]{1,4}$", ErrorMessage = "A ticket prefix is 1 to 4 letters, e.g. \"A\" or \"TX\".")]
        [Display(Name = "Ticket prefix")]
        public string Prefix { get; set; } = "";

        [Range(0, 10_000, ErrorMessage = "The order is a whole number from 0 to 10000.")]
        [Display(Name = "Order")]
        public int SortOrder { get; set; }

        /// <summary>Whether the kiosk asks its visitors for their name.</summary>
        [EnumDataType(typeof(NameAsk), ErrorMessage = "Pick what the kiosk asks visitors of this service.")]
        [Display(Name = "At the kiosk")]
        public NameAsk KioskName { get; set; }

        /// <summary>Not for self check-in: kiosks do not offer it.</summary>
        [Display(Name = "Desk only")]
        public bool NotForSelfCheckIn { get; set; }

        [BindNever]
        public string Slug { get; set; } = "";

        [BindNever]
        public Guid? Id { get; set; }

        [BindNever]
        public string By { get; set; } = "";
    }

    public sealed class CommandHandler(ReceptionDbContext db, IMediator mediator, ILogger<AdminServiceModel> logger)
        : ICommandHandler<Command, IReadOnlyList<(string Field, string Message)>>
    {
        public async ValueTask<IReadOnlyList<(string Field, string Message)>> Handle(Command command, CancellationToken cancellationToken)
        {
            var branch = await db.Branches.Where(b => b.Slug == command.Slug).Select(b => (Guid?)b.Id).SingleOrDefaultAsync(cancellationToken);
            if (branch is not { } branchId)
            {
                return [(nameof(Command.Name), "This branch no longer exists.")];
            }

            // Unique within the branch, closed services included (they may come back): two "General"
            // queues on a desk, or two services issuing A-001, would be told apart by no one.
            var name = command.Name.Trim();
            var prefix = command.Prefix.Trim().ToUpperInvariant();
            var others = await db.Services.Where(s => s.BranchId == branchId && s.Id != command.Id)
                .Select(s => new { s.Name, s.Prefix, s.IsActive }).ToListAsync(cancellationToken);
            var problems = new List<(string Field, string Message)>();
            if (others.FirstOrDefault(s => string.Equals(s.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)) is { } twin)
            {
                problems.Add((nameof(Command.Name),
                    $"This branch already has a service called \"{twin.Name}\"{(twin.IsActive ? "" : " (closed: reopen it instead)")}. Pick another name."));
            }

            if (others.FirstOrDefault(s => s.Prefix == prefix) is { } taken)
            {
                problems.Add((nameof(Command.Prefix),
                    $"The service \"{taken.Name}\" of this branch already uses the prefix {prefix} (closed services keep theirs). Pick another."));
            }

            if (problems.Count > 0)
            {
                return problems;
            }

            if (command.Id is { } id)
            {
                var rows = await db.Services.Where(s => s.Id == id && s.BranchId == branchId).ExecuteUpdateAsync(s => s
                    .SetProperty(x => x.Name, name)
                    .SetProperty(x => x.Prefix, prefix)
                    .SetProperty(x => x.SortOrder, command.SortOrder)
                    .SetProperty(x => x.KioskName, command.KioskName)
                    .SetProperty(x => x.NotForSelfCheckIn, command.NotForSelfCheckIn), cancellationToken);
                if (rows == 0)
                {
                    return [(nameof(Command.Name), "This service no longer exists.")];
                }
            }
            else
            {
                db.Services.Add(new Service
                {
                    Id = Guid.NewGuid(), BranchId = branchId, Name = name, Prefix = prefix, SortOrder = command.SortOrder,
                    KioskName = command.KioskName, NotForSelfCheckIn = command.NotForSelfCheckIn,
                });
                await db.SaveChangesAsync(cancellationToken);
            }

            AdminLog.Changed(logger, command.By, $"saved service {prefix} of {command.Slug}");
            await mediator.Send(new AnnounceCatalog(branchId), cancellationToken);
            return [];
        }
    }
}
