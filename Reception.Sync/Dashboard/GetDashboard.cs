using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Wire;

namespace Reception.Sync.Dashboard;

/// <summary>A branch's live figures for today, for managers (and admins).</summary>
public sealed record GetDashboard(string? Branch, Caller Caller) : IQuery<SyncReply<DashboardDto>>;

public sealed class GetDashboardHandler(ReceptionDbContext db, BranchAccess access, TimeProvider clock)
    : IQueryHandler<GetDashboard, SyncReply<DashboardDto>>
{
    public async ValueTask<SyncReply<DashboardDto>> Handle(GetDashboard query, CancellationToken cancellationToken)
    {
        if (query.Caller.Kind is not (CallerKind.Manager or CallerKind.Admin))
        {
            return SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.DashboardForbidden, ("login", query.Caller.Name)),
                ProblemCodes.ForbiddenRole);
        }

        var (branch, problem) = await access.ResolveAsync(db, query.Branch, query.Caller, cancellationToken);
        if (branch is null)
        {
            return problem!;
        }

        var today = await TodaysVisits.LoadAsync(db, branch, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var (totals, services, desks, arrivals, waiting) =
            DashboardFigures.Compute(today.Visits, today.Services, today.Desks, today.DayStart, today.Now, today.Zone);
        var problems = await db.MutationRecords.CountAsync(
                           m => m.BranchId == branch.Id && m.Status == ResultStatus.Conflict && m.At >= today.DayStart, cancellationToken)
                       + await db.Inbox.CountAsync(
                           i => i.BranchId == branch.Id && i.Status == InboxStatus.Failed && i.CompletedAt >= today.DayStart, cancellationToken);
        return new DashboardDto(branch.Slug, today.BranchName, today.Version, today.Now, today.DayStart, totals, services, desks,
            arrivals, waiting, problems, branch.TimeZoneId,
            ChannelSplit.Of(today.Visits.Where(v => v.ArrivedAt >= today.DayStart).Select(v => v.Channel)));
    }
}

/// <summary>What the figures are computed from, read with indexed queries only.</summary>
internal sealed record TodaysVisits(
    string BranchName, long Version, DateTime Now, DateTime DayStart, TimeZoneInfo Zone, IReadOnlyCollection<VisitTimes> Visits,
    IReadOnlyList<ServiceInfo> Services, IReadOnlyList<DeskInfo> Desks)
{
    private static readonly VisitStatus[] Open = [VisitStatus.Waiting, VisitStatus.Called, VisitStatus.Serving];

    public static async Task<TodaysVisits> LoadAsync(ReceptionDbContext db, BranchRef branch, DateTime now,
        CancellationToken cancellationToken)
    {
        var dayStart = branch.DayStartUtc(now);

        // Read before the visits: figures at version V include every change up to V.
        var head = await db.Branches.AsNoTracking().Where(b => b.Id == branch.Id)
            .Select(b => new { b.Name, b.FeedVersion }).SingleAsync(cancellationToken);

        // Two index ranges: today's arrivals (BranchId, ArrivedAt), and visits still open from an
        // earlier day (BranchId, Status, …). A visit from an earlier day completed today is not counted.
        var arrived = await db.Visits.AsNoTracking()
            .Where(v => v.BranchId == branch.Id && v.ArrivedAt >= dayStart)
            .Select(Times).ToListAsync(cancellationToken);
        var older = await db.Visits.AsNoTracking()
            .Where(v => v.BranchId == branch.Id && Open.Contains(v.Status) && v.ArrivedAt < dayStart)
            .Select(Times).ToListAsync(cancellationToken);

        var services = await db.Services.AsNoTracking().Where(s => s.BranchId == branch.Id && s.IsActive)
            .OrderBy(s => s.SortOrder).ThenBy(s => s.Name)
            .Select(s => new ServiceInfo(s.Id, s.Name, s.Prefix)).ToListAsync(cancellationToken);
        var desks = await db.Desks.AsNoTracking().Where(d => d.BranchId == branch.Id && d.IsActive)
            .OrderBy(d => d.SortOrder).ThenBy(d => d.Name)
            .Select(d => new DeskInfo(d.Id, d.Name, d.Services.Where(s => s.IsActive).Select(s => s.Id).ToList()))
            .ToListAsync(cancellationToken);

        return new TodaysVisits(head.Name, head.FeedVersion, now, dayStart, BranchZone.Of(branch.TimeZoneId), [.. arrived, .. older], services,
            desks);
    }

    private static readonly System.Linq.Expressions.Expression<Func<Visit, VisitTimes>> Times = v =>
        new VisitTimes(v.Id, v.ServiceId, v.DeskId, v.Status, v.Priority, v.Ticket, v.TicketNumber, v.ArrivedAt, v.CalledAt,
            v.StartedAt, v.CompletedAt, v.ReinstatedAt, v.Channel);
}
