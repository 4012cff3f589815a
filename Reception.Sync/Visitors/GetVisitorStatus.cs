using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Dashboard;
using Reception.Sync.Wire;

namespace Reception.Sync.Visitors;

/// <summary>
/// The visit a status-page code opens, with its status; null for a code that opens nothing. No
/// login: the code is the credential.
/// </summary>
/// <remarks>
/// A malformed code costs the same indexed lookup as a well-formed one that does not exist (it
/// looks up <see cref="VisitCodes.Nowhere"/>), and both answer null: how a wrong code fails says
/// nothing about which codes exist.
/// </remarks>
public sealed record GetVisitorStatus(string? Code) : IQuery<VisitorView?>;

public sealed class GetVisitorStatusHandler(ReceptionDbContext db, TimeProvider clock, VisitorStatusCache cache)
    : IQueryHandler<GetVisitorStatus, VisitorView?>
{
    public async ValueTask<VisitorView?> Handle(GetVisitorStatus query, CancellationToken cancellationToken)
    {
        var code = VisitCodes.LooksValid(query.Code) ? query.Code! : VisitCodes.Nowhere;
        var visit = await db.Visits.AsNoTracking().Where(v => v.Code == code)
            .Select(v => new { v.Id, v.BranchId, v.Ticket }).SingleOrDefaultAsync(cancellationToken);
        if (visit is null || await VisitorBranches.FindAsync(db, visit.BranchId, cancellationToken) is not { } branch)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        if (!cache.TryGet(branch, visit.Id, now, out var status))
        {
            var statuses = await VisitorBranches.StatusesAsync(db, branch, now, new HashSet<Guid> { visit.Id }, cancellationToken);
            cache.Put(branch, now, statuses);
            status = statuses.GetValueOrDefault(visit.Id);
        }

        return status is null ? null : new VisitorView(visit.Id, branch.Id, branch.Slug, visit.Ticket, status);
    }
}

/// <summary>
/// The status of every open visit of a branch (and of <see cref="Closed"/>, visits a commit just
/// closed), for the status pages that follow them live. One read for the whole branch.
/// </summary>
public sealed record GetBranchVisitorStatuses(Guid BranchId, IReadOnlySet<Guid> Closed)
    : IQuery<IReadOnlyDictionary<Guid, VisitorStatusDto>>;

public sealed class GetBranchVisitorStatusesHandler(ReceptionDbContext db, TimeProvider clock, VisitorStatusCache cache)
    : IQueryHandler<GetBranchVisitorStatuses, IReadOnlyDictionary<Guid, VisitorStatusDto>>
{
    public async ValueTask<IReadOnlyDictionary<Guid, VisitorStatusDto>> Handle(GetBranchVisitorStatuses query,
        CancellationToken cancellationToken)
    {
        if (await VisitorBranches.FindAsync(db, query.BranchId, cancellationToken) is not { } branch)
        {
            return new Dictionary<Guid, VisitorStatusDto>();
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var statuses = await VisitorBranches.StatusesAsync(db, branch, now, query.Closed, cancellationToken);
        cache.Put(branch, now, statuses);
        return statuses;
    }
}

internal static class VisitorBranches
{
    private static readonly string[] CallKinds = [NotificationKinds.Called, NotificationKinds.Recalled];

    public static Task<VisitorBranch?> FindAsync(ReceptionDbContext db, Guid branchId, CancellationToken cancellationToken) =>
        db.Branches.AsNoTracking().Where(b => b.Id == branchId && b.IsActive)
            .Select(b => new VisitorBranch(b.Id, b.Slug, b.TimeZoneId, b.PostponePlaces, b.FeedVersion))
            .SingleOrDefaultAsync(cancellationToken);

    public static async Task<IReadOnlyDictionary<Guid, VisitorStatusDto>> StatusesAsync(ReceptionDbContext db, VisitorBranch branch,
        DateTime now, IReadOnlySet<Guid> also, CancellationToken cancellationToken)
    {
        var today = await TodaysVisits.LoadAsync(db, new BranchRef(branch.Id, branch.Slug, branch.TimeZoneId), now, cancellationToken);
        var postponed = await db.Visits.AsNoTracking()
            .Where(v => v.BranchId == branch.Id && v.Status == VisitStatus.Waiting && v.Postponed)
            .Select(v => v.Id).ToListAsync(cancellationToken);
        var calls = await db.Notifications.AsNoTracking()
            .Where(n => n.BranchId == branch.Id && n.At >= today.DayStart && CallKinds.Contains(n.Kind) && n.VisitId != null)
            .GroupBy(n => n.VisitId!.Value)
            .Select(g => new { VisitId = g.Key, Id = g.Max(n => n.Id) })
            .ToListAsync(cancellationToken);

        var extras = new Dictionary<Guid, VisitorExtras>();
        foreach (var c in calls) extras[c.VisitId] = new VisitorExtras(c.Id, false);
        foreach (var id in postponed) extras[id] = extras.GetValueOrDefault(id) with { Postponed = true };
        return VisitorStatuses.Of(today, branch, extras, also).ToDictionary(s => s.VisitId, s => s.Status);
    }
}
