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

/// <summary>Adds a desk to a branch, or changes its name and the services it serves.</summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminDeskModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public Options Form { get; private set; } = new("", []);

    public async Task<IActionResult> OnGetAsync()
    {
        var found = await mediator.Send(new Query(Slug, Id), HttpContext.RequestAborted);
        if (found is null)
        {
            return NotFound();
        }

        (Form, Input) = found.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Slug = Slug;
        Input.Id = Id;
        Input.By = User.Identity?.Name ?? "";
        var error = ModelState.IsValid ? await mediator.Send(Input, HttpContext.RequestAborted) : null;
        if (error is { } e)
        {
            ModelState.AddModelError($"{nameof(Input)}.{e.Field}", Texts.Get(Texts.Current.Tag, e.Message.Key, e.Message.Args));
        }

        if (!ModelState.IsValid)
        {
            Form = (await mediator.Send(new Query(Slug, Id), HttpContext.RequestAborted))?.Form ?? Form;
            return Page();
        }

        AdminSaved.Tell(TempData, "admin.saved.desk", ("name", Input.Name.Trim()));
        return RedirectToPage("Branch", new { slug = Slug });
    }

    public sealed record Options(string BranchName, IReadOnlyList<ServiceOption> Services);

    public sealed record ServiceOption(Guid Id, string Name, string Prefix);

    public sealed record Query(string Slug, Guid? Id) : IQuery<(Options Form, Command Desk)?>;

    public sealed class QueryHandler(ReceptionDbContext db) : IQueryHandler<Query, (Options Form, Command Desk)?>
    {
        public async ValueTask<(Options Form, Command Desk)?> Handle(Query query, CancellationToken cancellationToken)
        {
            var branch = await db.Branches.AsNoTracking().Where(b => b.Slug == query.Slug)
                .Select(b => new { b.Id, b.Name }).SingleOrDefaultAsync(cancellationToken);
            if (branch is null)
            {
                return null;
            }

            var services = await db.Services.AsNoTracking().Where(s => s.BranchId == branch.Id && s.IsActive)
                .OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
                .Select(s => new ServiceOption(s.Id, s.Name, s.Prefix)).ToListAsync(cancellationToken);
            var form = new Options(branch.Name, services);
            if (query.Id is not { } id)
            {
                var next = await db.Desks.Where(d => d.BranchId == branch.Id).MaxAsync(d => (int?)d.SortOrder, cancellationToken) ?? 0;
                return (form, new Command { SortOrder = next + 1, ServiceIds = services.Select(s => s.Id).ToList() });
            }

            var desk = await db.Desks.AsNoTracking().Where(d => d.Id == id && d.BranchId == branch.Id)
                .Select(d => new Command { Name = d.Name, SortOrder = d.SortOrder, ServiceIds = d.Services.Select(s => s.Id).ToList() })
                .SingleOrDefaultAsync(cancellationToken);
            return desk is null ? null : (form, desk);
        }
    }

    public sealed class Command : ICommand<(string Field, Message Message)?>
    {
        [Required(ErrorMessage = "admin.desk.nameMissing")]
        [StringLength(100, ErrorMessage = "admin.desk.nameTooLong")]
        public string Name { get; set; } = "";

        [Range(0, 10_000, ErrorMessage = "admin.orderInvalid")]
        [Display(Name = "admin.order")]
        public int SortOrder { get; set; }

        [MinLength(1, ErrorMessage = "admin.desk.servicesMissing")]
        [Display(Name = "admin.services")]
        public List<Guid> ServiceIds { get; set; } = [];

        [BindNever]
        public string Slug { get; set; } = "";

        [BindNever]
        public Guid? Id { get; set; }

        [BindNever]
        public string By { get; set; } = "";
    }

    public sealed class CommandHandler(ReceptionDbContext db, IMediator mediator, ILogger<AdminDeskModel> logger)
        : ICommandHandler<Command, (string Field, Message Message)?>
    {
        public async ValueTask<(string Field, Message Message)?> Handle(Command command, CancellationToken cancellationToken)
        {
            var branch = await db.Branches.Where(b => b.Slug == command.Slug).Select(b => (Guid?)b.Id).SingleOrDefaultAsync(cancellationToken);
            if (branch is not { } branchId)
            {
                return (nameof(Command.Name), new Message("admin.branchGone"));
            }

            var name = command.Name.Trim();
            if (await db.Desks.AnyAsync(d => d.BranchId == branchId && d.Name == name && d.Id != command.Id, cancellationToken))
            {
                return (nameof(Command.Name), Message.Of("admin.desk.nameTaken", ("name", name)));
            }

            var services = await db.Services.Where(s => s.BranchId == branchId && command.ServiceIds.Contains(s.Id)).ToListAsync(cancellationToken);
            if (services.Count != command.ServiceIds.Distinct().Count())
            {
                return (nameof(Command.ServiceIds), new Message("admin.desk.serviceUnknown"));
            }

            Data.Model.Desk desk;
            if (command.Id is { } id)
            {
                var found = await db.Desks.Include(d => d.Services).SingleOrDefaultAsync(d => d.Id == id && d.BranchId == branchId, cancellationToken);
                if (found is null)
                {
                    return (nameof(Command.Name), new Message("admin.desk.gone"));
                }

                desk = found;
            }
            else
            {
                desk = new Data.Model.Desk { Id = Guid.NewGuid(), BranchId = branchId, Name = name };
                db.Desks.Add(desk);
            }

            desk.Name = name;
            desk.SortOrder = command.SortOrder;
            desk.Services = services;
            await db.SaveChangesAsync(cancellationToken);
            AdminLog.Changed(logger, command.By, $"saved desk {desk.Id} of {command.Slug}");
            await mediator.Send(new AnnounceCatalog(branchId), cancellationToken);
            return null;
        }
    }
}
