using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Dashboard;
using Reception.Sync.Feed;
using Reception.Sync.Merge;
using Reception.Sync.Wire;
using Reception.Web.Auth;
using Reception.Web.Languages;

namespace Reception.Web.Pages.Desk;

/// <summary>
/// The desk: the live queue of one desk's branch, rendered from a snapshot for the first paint;
/// wwwroot/js/desk.js then takes over (live updates, the offline outbox). A Desk login works at its
/// own desk; a Manager picks one of a branch they may use (?desk=id).
/// </summary>
[Authorize(Roles = $"{Roles.Desk},{Roles.Manager}")]
public sealed class DeskModel(IMediator mediator) : PageModel
{
    [BindProperty(Name = "desk", SupportsGet = true)]
    public Guid? RequestedDesk { get; set; }

    public Result View { get; private set; } = Result.Refused("");

    public async Task OnGetAsync() =>
        View = await mediator.Send(
            new Query(User.ToCaller(), User.Identity?.Name ?? "", User.FindFirst(ReceptionClaims.Desk)?.Value, RequestedDesk),
            HttpContext.RequestAborted);

    public sealed record Query(Caller? Caller, string UserName, string? OwnDesk, Guid? RequestedDesk) : IQuery<Result>;

    /// <summary>Exactly one of: a desk to work at, desks to pick from, or why neither (a catalog key).</summary>
    public sealed record Result(DeskView? Desk, IReadOnlyList<DeskChoice> Choices, string? Problem)
    {
        public static Result Open(DeskView desk) => new(desk, [], null);
        public static Result Pick(IReadOnlyList<DeskChoice> choices, string? problem = null) => new(null, choices, problem);
        public static Result Refused(string problem) => new(null, [], problem);
    }

    /// <summary>What the page renders, and (as JSON) what desk.js starts from.</summary>
    public sealed record DeskView(
        string Branch, string BranchName, string TimeZone, Guid DeskId, string DeskName, string User, long Version,
        Snapshot Snapshot, IReadOnlyList<NotificationDto> Notifications)
    {
        private static readonly string[] Stages = ["serving", "called", "waiting"];

        /// <summary>Called to or being served at this desk: the "Now at this desk" panel, not the queues.</summary>
        public bool IsHere(VisitDto visit) => visit.DeskId == DeskId && visit.Status is "called" or "serving";

        public IReadOnlyList<VisitDto> Here() =>
            Snapshot.Visits.Where(IsHere).OrderBy(v => Array.IndexOf(Stages, v.Status)).ThenInQueue(v => v.PlaceInQueue()).ToList();

        /// <summary>Open visits per service, but this desk's own: who is at a desk first, then the line in queue order.</summary>
        public IEnumerable<(ServiceDto Service, IReadOnlyList<VisitDto> Visits)> Queues() =>
            Snapshot.Services.Select(s => (s, (IReadOnlyList<VisitDto>)Snapshot.Visits
                .Where(v => v.ServiceId == s.Id && Stages.Contains(v.Status) && !IsHere(v))
                .OrderBy(v => Array.IndexOf(Stages, v.Status))
                .ThenInQueue(v => v.PlaceInQueue())
                .ToList()));

        /// <summary>A time on the branch's clock, as the desk's script shows it (clock.js).</summary>
        public string Clock(DateTime utc) => BranchZone.Clock(utc, TimeZone);

        public string NameOfDesk(Guid? id) => Snapshot.Desks.FirstOrDefault(d => d.Id == id)?.Name ?? Texts.Get(Texts.Current.Tag, "desk.anotherDesk");

        /// <summary>"Calls the first waiting visitor for General, Payments.", as view.js words it.</summary>
        public Message CallsFor(Guid deskId)
        {
            var tag = Texts.Current.Tag;
            var ids = Snapshot.Desks.FirstOrDefault(d => d.Id == deskId)?.ServiceIds ?? [];
            var names = Snapshot.Services.Where(s => ids.Contains(s.Id)).Select(s => s.Name).ToList();
            return Message.Of("desk.callNext.why",
                ("services", names.Count > 0 ? string.Join(Texts.Get(tag, "desk.list.separator"), names) : Texts.Get(tag, "desk.myServices.none")));
        }

        /// <summary>For desk.js; the serializer escapes &lt; and &gt;, so it is safe inside a script element.</summary>
        public string Json() => WireJson.Serialize(new
        {
            branch = Branch, branchName = BranchName, timeZone = TimeZone, deskId = DeskId, deskName = DeskName, user = User, version = Version,
            snapshot = Snapshot, notifications = Notifications,
        });

        /// <summary>A place in line in the request's language ("1st", "1.", "1.º"), as view.js writes it with Intl's ordinal rules.</summary>
        public string Ordinal(int n) => Texts.Get(Texts.Current.Tag, "desk.ordinal-" + OrdinalCategory(Texts.Current.Plural, n),
            new Dictionary<string, object> { ["count"] = n });

        /// <summary>CLDR's ordinal categories: English tells 1st, 2nd, 3rd and the rest apart; German, Spanish and Arabic write every place alike.</summary>
        private static string OrdinalCategory(string plural, int n) => plural != "en" || n % 100 is 11 or 12 or 13 ? "other" : (n % 10) switch
        {
            1 => "one",
            2 => "two",
            3 => "few",
            _ => "other",
        };
    }

    public sealed record DeskChoice(Guid Id, string Name, string Branch, string BranchName);

    public sealed class Handler(ReceptionDbContext db, IMediator mediator) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            if (query.Caller is not { } caller)
            {
                return Result.Refused("desk.problem.notStaff");
            }

            var deskId = Guid.TryParse(query.OwnDesk, out var own) ? own : query.RequestedDesk;
            if (deskId is null)
            {
                return caller.Kind == CallerKind.Desk
                    ? Result.Refused("desk.problem.noDesk")
                    : Result.Pick(await ChoicesAsync(caller, cancellationToken));
            }

            var desk = await (from d in db.Desks.AsNoTracking()
                              join b in db.Branches.AsNoTracking() on d.BranchId equals b.Id
                              where d.Id == deskId && d.IsActive && b.IsActive
                              select new { d.Id, d.Name, BranchId = b.Id, b.Slug, BranchName = b.Name, b.TimeZoneId })
                .SingleOrDefaultAsync(cancellationToken);
            if (desk is null || !caller.MayUse(desk.BranchId))
            {
                return caller.Kind == CallerKind.Desk
                    ? Result.Refused("desk.problem.gone")
                    : Result.Pick(await ChoicesAsync(caller, cancellationToken), "desk.problem.gonePick");
            }

            var pull = await mediator.Send(new PullChanges(desk.Slug, 0, caller), cancellationToken);
            if (pull.Value is not { Snapshot: { } snapshot } answer)
            {
                return Result.Refused("desk.problem.unreadable");
            }

            return Result.Open(new DeskView(desk.Slug, desk.BranchName, desk.TimeZoneId, desk.Id, desk.Name, query.UserName, answer.ToVersion,
                snapshot, answer.Notifications));
        }

        private async Task<IReadOnlyList<DeskChoice>> ChoicesAsync(Caller caller, CancellationToken cancellationToken)
        {
            var desks = await (from d in db.Desks.AsNoTracking()
                               join b in db.Branches.AsNoTracking() on d.BranchId equals b.Id
                               where d.IsActive && b.IsActive
                               orderby b.Name, d.SortOrder, d.Name
                               select new { d.Id, d.Name, BranchId = b.Id, b.Slug, BranchName = b.Name })
                .ToListAsync(cancellationToken);
            return desks.Where(d => caller.MayUse(d.BranchId))
                .Select(d => new DeskChoice(d.Id, d.Name, d.Slug, d.BranchName)).ToList();
        }
    }
}
