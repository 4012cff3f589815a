using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Merge;
using Reception.Sync.Wire;
using Reception.Web.Auth;

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

    /// <summary>Exactly one of: a desk to work at, desks to pick from, or why neither.</summary>
    public sealed record Result(DeskView? Desk, IReadOnlyList<DeskChoice> Choices, string? Problem)
    {
        public static Result Open(DeskView desk) => new(desk, [], null);
        public static Result Pick(IReadOnlyList<DeskChoice> choices, string? problem = null) => new(null, choices, problem);
        public static Result Refused(string problem) => new(null, [], problem);
    }

    /// <summary>What the page renders, and (as JSON) what desk.js starts from.</summary>
    public sealed record DeskView(
        string Branch, string BranchName, Guid DeskId, string DeskName, string User, long Version, Snapshot Snapshot,
        IReadOnlyList<NotificationDto> Notifications, string TimeZone = "UTC")
    {
        private static readonly string[] Stages = ["serving", "called", "waiting"];

        /// <summary>Open visits per service: who is at a desk first, then the line in queue order.</summary>
        public IEnumerable<(ServiceDto Service, IReadOnlyList<VisitDto> Visits)> Queues() =>
            Snapshot.Services.Select(s => (s, (IReadOnlyList<VisitDto>)Snapshot.Visits
                .Where(v => v.ServiceId == s.Id && Stages.Contains(v.Status))
                .OrderBy(v => Array.IndexOf(Stages, v.Status))
                .ThenInQueue(v => v.PlaceInQueue())
                .ToList()));

        public string NameOfDesk(Guid? id) => Snapshot.Desks.FirstOrDefault(d => d.Id == id)?.Name ?? "another desk";

        public string ServicesOf(Guid deskId)
        {
            var ids = Snapshot.Desks.FirstOrDefault(d => d.Id == deskId)?.ServiceIds ?? [];
            var names = Snapshot.Services.Where(s => ids.Contains(s.Id)).Select(s => s.Name).ToList();
            return names.Count > 0 ? string.Join(", ", names) : "this desk's services";
        }

        /// <summary>For desk.js; the serializer escapes &lt; and &gt;, so it is safe inside a script element.</summary>
        public string Json() => WireJson.Serialize(new
        {
            branch = Branch, branchName = BranchName, deskId = DeskId, deskName = DeskName, user = User, version = Version,
            snapshot = Snapshot, notifications = Notifications, timeZone = TimeZone,
        });

        public static string Ordinal(int n) => n + (n % 100 is 11 or 12 or 13 ? "th" : (n % 10) switch
        {
            1 => "st",
            2 => "nd",
            3 => "rd",
            _ => "th",
        });
    }

    public sealed record DeskChoice(Guid Id, string Name, string Branch, string BranchName);

    public sealed class Handler(ReceptionDbContext db, IMediator mediator) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            if (query.Caller is not { } caller)
            {
                return Result.Refused("This login cannot work at a desk.");
            }

            var deskId = Guid.TryParse(query.OwnDesk, out var own) ? own : query.RequestedDesk;
            if (deskId is null)
            {
                return caller.Kind == CallerKind.Desk
                    ? Result.Refused("This login has no desk. Ask an administrator to give it one.")
                    : Result.Pick(await ChoicesAsync(caller, cancellationToken));
            }

            var desk = await (from d in db.Desks.AsNoTracking()
                              join b in db.Branches.AsNoTracking() on d.BranchId equals b.Id
                              where d.Id == deskId && d.IsActive && b.IsActive
                              select new { d.Id, d.Name, BranchId = b.Id, b.Slug, BranchName = b.Name, b.TimeZoneId })
                .SingleOrDefaultAsync(cancellationToken);
            if (desk is null || !caller.MayUse(desk.BranchId))
            {
                const string gone = "That desk does not exist, is closed, or belongs to a branch this login may not use.";
                return caller.Kind == CallerKind.Desk
                    ? Result.Refused(gone + " Ask an administrator.")
                    : Result.Pick(await ChoicesAsync(caller, cancellationToken), gone + " Pick another.");
            }

            var pull = await mediator.Send(new PullChanges(desk.Slug, 0, caller), cancellationToken);
            if (pull.Value is not { Snapshot: { } snapshot } answer)
            {
                return Result.Refused(pull.Problem?.Detail ?? "The queue of this branch cannot be read right now.");
            }

            return Result.Open(new DeskView(desk.Slug, desk.BranchName, desk.Id, desk.Name, query.UserName, answer.ToVersion,
                snapshot, answer.Notifications, desk.TimeZoneId));
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
