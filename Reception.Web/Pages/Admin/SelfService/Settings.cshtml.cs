using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Visitors;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Admin.SelfService;

/// <summary>
/// A branch's remote joining (/join/{branch}): on or off, only during its weekly opening hours,
/// phone required, which services a visitor may pick themselves, and how far "I need a few more
/// minutes" moves a visitor back (0 turns it off).
/// </summary>
[Authorize(Roles = Roles.Admin)]
public sealed class AdminJoinSettingsModel(IMediator mediator) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Slug { get; set; } = "";

    public View? Branch { get; private set; }

    [BindProperty]
    public Command Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync()
    {
        Branch = await mediator.Send(new Query(Slug), HttpContext.RequestAborted);
        if (Branch is null)
        {
            return NotFound();
        }

        var hours = WeeklyHours.Parse(Branch.OpeningHours);
        Input = new Command
        {
            RemoteJoin = Branch.RemoteJoin, DuringHoursOnly = Branch.DuringHoursOnly, PhoneRequired = Branch.PhoneRequired,
            PostponePlaces = Branch.PostponePlaces.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Opens = hours.Days.Select(d => d is { } h ? WeeklyHours.Hm(h.Opens) : null).ToList(),
            Closes = hours.Days.Select(d => d is { } h ? WeeklyHours.Hm(h.Closes) : null).ToList(),
            SelfCheckIn = Branch.Services.Where(s => s.SelfCheckIn).Select(s => s.Id).ToList(),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        Input.Slug = Slug;
        Input.By = User.Identity?.Name ?? "";
        if (await mediator.Send(Input, HttpContext.RequestAborted) is { } error)
        {
            ModelState.AddModelError(error.Field, Texts.Get(Texts.Current.Tag, error.Message.Key, error.Message.Args));
            Branch = await mediator.Send(new Query(Slug), HttpContext.RequestAborted);
            return Branch is null ? NotFound() : Page();
        }

        var places = PostponeSetting.Parse(Input.PostponePlaces).Places ?? 0;
        AdminSaved.Tell(TempData, (Input.RemoteJoin ? "admin.saved.joinOn" : "admin.saved.joinOff") + (places > 0 ? "" : "NoPostpone"),
            ("count", places.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return RedirectToPage(new { slug = Slug });
    }

    public sealed record ServiceRow(Guid Id, string Name, bool SelfCheckIn);

    public sealed record View(string Slug, string Name, string TimeZoneId, bool RemoteJoin, bool DuringHoursOnly, bool PhoneRequired,
        string? OpeningHours, IReadOnlyList<ServiceRow> Services, int PostponePlaces);

    public sealed record Query(string Slug) : IQuery<View?>;

    public sealed class QueryHandler(ReceptionDbContext db) : IQueryHandler<Query, View?>
    {
        public async ValueTask<View?> Handle(Query query, CancellationToken cancellationToken)
        {
            var b = await db.Branches.AsNoTracking().SingleOrDefaultAsync(x => x.Slug == query.Slug, cancellationToken);
            if (b is null)
            {
                return null;
            }

            var services = await db.Services.AsNoTracking().Where(s => s.BranchId == b.Id && s.IsActive)
                .OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
                .Select(s => new ServiceRow(s.Id, s.Name, !s.NotForSelfCheckIn)).ToListAsync(cancellationToken);
            return new View(b.Slug, b.Name, b.TimeZoneId, b.RemoteJoin, b.JoinDuringHoursOnly, b.JoinPhoneRequired, b.OpeningHours, services,
                b.PostponePlaces);
        }
    }

    /// <summary>Why a field was refused: its form name and a sentence.</summary>
    public sealed record Refusal(string Field, Message Message);

    /// <summary>Answers null when saved, or why a field was refused (nothing is saved then).</summary>
    public sealed class Command : ICommand<Refusal?>
    {
        public bool RemoteJoin { get; set; }
        public bool DuringHoursOnly { get; set; }
        public bool PhoneRequired { get; set; }

        /// <summary>Seven opening times, Monday first, HH:MM or empty.</summary>
        public List<string?> Opens { get; set; } = [];

        public List<string?> Closes { get; set; } = [];

        /// <summary>The open services a visitor may pick themselves; the others are desk-only.</summary>
        public List<Guid> SelfCheckIn { get; set; } = [];

        /// <summary>As typed: how many places "I need a few more minutes" moves a visitor back (<see cref="PostponeSetting"/>).</summary>
        public string? PostponePlaces { get; set; }

        [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
        public string Slug { get; set; } = "";

        [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever]
        public string By { get; set; } = "";
    }

    public sealed class CommandHandler(ReceptionDbContext db, IPublisher publisher, ILogger<AdminJoinSettingsModel> logger)
        : ICommandHandler<Command, Refusal?>
    {
        public const string HoursField = "Input.Hours";
        public const string PostponeField = "Input.PostponePlaces";

        /// <summary>The week's days in the catalog, Monday first (as <see cref="WeeklyHours"/> counts them).</summary>
        public static readonly IReadOnlyList<string> DayKeys =
            ["admin.join.day.monday", "admin.join.day.tuesday", "admin.join.day.wednesday", "admin.join.day.thursday", "admin.join.day.friday", "admin.join.day.saturday", "admin.join.day.sunday"];

        public async ValueTask<Refusal?> Handle(Command command, CancellationToken cancellationToken)
        {
            var (hours, problem) = WeeklyHours.Read(Enumerable.Range(0, 7)
                .Select(i => (command.Opens.ElementAtOrDefault(i), command.Closes.ElementAtOrDefault(i))).ToList());
            if (hours is null)
            {
                return new Refusal(HoursField, Message.Of(problem!.ClosesFirst ? "admin.join.hoursOrder" : "admin.join.hoursUnreadable",
                    ("day", Texts.Get(Texts.Current.Tag, DayKeys[problem.Day]))));
            }

            var (places, _) = PostponeSetting.Parse(command.PostponePlaces);
            if (places is null)
            {
                var typed = command.PostponePlaces?.Trim();
                return new Refusal(PostponeField, string.IsNullOrEmpty(typed)
                    ? Message.Of("admin.join.postponeMissing", ("max", PostponeSetting.MaxPlaces))
                    : Message.Of("admin.join.postponeInvalid", ("typed", PostponeSetting.Shorten(typed)), ("max", PostponeSetting.MaxPlaces)));
            }

            var branch = await db.Branches.SingleOrDefaultAsync(b => b.Slug == command.Slug, cancellationToken);
            if (branch is null)
            {
                return new Refusal(HoursField, new Message("admin.branchGone"));
            }

            branch.RemoteJoin = command.RemoteJoin;
            branch.JoinDuringHoursOnly = command.DuringHoursOnly;
            branch.JoinPhoneRequired = command.PhoneRequired;
            branch.OpeningHours = hours.Format();
            branch.PostponePlaces = places.Value;
            await db.Services.Where(s => s.BranchId == branch.Id && s.IsActive)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.NotForSelfCheckIn, x => !command.SelfCheckIn.Contains(x.Id)), cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await publisher.Publish(new Reception.Web.Display.RemoteJoinChanged(branch.Slug, branch.RemoteJoin), cancellationToken);
            AdminLog.Changed(logger, command.By, $"set remote joining of {command.Slug} (on: {command.RemoteJoin}, hours only: {command.DuringHoursOnly}, postpone places: {places})");
            return null;
        }
    }
}
