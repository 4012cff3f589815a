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
using Reception.Web.Languages;

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
            ModelState.AddModelError($"{nameof(Input)}.{field}", Texts.Get(Texts.Current.Tag, message.Key, message.Args));
        }

        if (!ModelState.IsValid)
        {
            var found = await mediator.Send(new Query(Slug, Id), HttpContext.RequestAborted);
            BranchName = found?.BranchName ?? "";
            return Page();
        }

        AdminSaved.Tell(TempData, "admin.saved.service", ("name", Input.Name.Trim()), ("prefix", Input.Prefix.Trim().ToUpperInvariant()));
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
    public sealed class Command : ICommand<IReadOnlyList<(string Field, Message Message)>>
    {
        [Required(ErrorMessage = "admin.service.nameMissing")]
        [StringLength(100, ErrorMessage = "admin.service.nameTooLong")]
        public string Name { get; set; } = "";

        [Required(ErrorMessage = "admin.service.prefixMissing")]
        [RegularExpression("^[A-Za-z]{1,4}$", ErrorMessage = "admin.service.prefixInvalid")]
        [Display(Name = "admin.prefix")]
        public string Prefix { get; set; } = "";

        [Range(0, 10_000, ErrorMessage = "admin.orderInvalid")]
        [Display(Name = "admin.order")]
        public int SortOrder { get; set; }

        /// <summary>Whether the kiosk asks its visitors for their name.</summary>
        [EnumDataType(typeof(NameAsk), ErrorMessage = "admin.service.kioskInvalid")]
        [Display(Name = "admin.service.kiosk")]
        public NameAsk KioskName { get; set; }

        /// <summary>Not for self check-in: kiosks do not offer it.</summary>
        [Display(Name = "admin.service.deskOnly")]
        public bool NotForSelfCheckIn { get; set; }

        [BindNever]
        public string Slug { get; set; } = "";

        [BindNever]
        public Guid? Id { get; set; }

        [BindNever]
        public string By { get; set; } = "";
    }

    public sealed class CommandHandler(ReceptionDbContext db, IMediator mediator, ILogger<AdminServiceModel> logger)
        : ICommandHandler<Command, IReadOnlyList<(string Field, Message Message)>>
    {
        public async ValueTask<IReadOnlyList<(string Field, Message Message)>> Handle(Command command, CancellationToken cancellationToken)
        {
            var branch = await db.Branches.Where(b => b.Slug == command.Slug).Select(b => (Guid?)b.Id).SingleOrDefaultAsync(cancellationToken);
            if (branch is not { } branchId)
            {
                return [(nameof(Command.Name), new Message("admin.branchGone"))];
            }

            // Unique within the branch, closed services included (they may come back): two "General"
            // queues on a desk, or two services issuing A-001, would be told apart by no one.
            var name = command.Name.Trim();
            var prefix = command.Prefix.Trim().ToUpperInvariant();
            var others = await db.Services.Where(s => s.BranchId == branchId && s.Id != command.Id)
                .Select(s => new { s.Name, s.Prefix, s.IsActive }).ToListAsync(cancellationToken);
            var problems = new List<(string Field, Message Message)>();
            if (others.FirstOrDefault(s => string.Equals(s.Name.Trim(), name, StringComparison.OrdinalIgnoreCase)) is { } twin)
            {
                problems.Add((nameof(Command.Name),
                    Message.Of(twin.IsActive ? "admin.service.nameTaken" : "admin.service.nameTakenClosed", ("name", twin.Name))));
            }

            if (others.FirstOrDefault(s => s.Prefix == prefix) is { } taken)
            {
                problems.Add((nameof(Command.Prefix),
                    Message.Of("admin.service.prefixTaken", ("name", taken.Name), ("prefix", prefix))));
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
                    return [(nameof(Command.Name), new Message("admin.service.gone"))];
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
