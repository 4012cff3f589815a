using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Telemetry;
using Reception.Sync.Wire;

namespace Reception.Sync.Feed;

/// <summary>
/// The changes of a branch after <see cref="Since"/>, in pages; a snapshot for since=0 or a
/// version older than the feed keeps.
/// </summary>
public sealed record PullChanges(string? Branch, long Since, Caller Caller) : IQuery<SyncReply<PullResponse>>;

public sealed class PullChangesHandler(ReceptionDbContext db, BranchAccess access, TimeProvider clock, ReceptionTelemetry telemetry)
    : IQueryHandler<PullChanges, SyncReply<PullResponse>>
{
    public const int PageSize = 500;
    private const int RecentNotifications = 20;

    public async ValueTask<SyncReply<PullResponse>> Handle(PullChanges query, CancellationToken cancellationToken)
    {
        if (query.Since < 0)
        {
            return SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.SinceNegative));
        }

        var (branch, problem) = await access.ResolveAsync(db, query.Branch, query.Caller, cancellationToken);
        if (branch is null)
        {
            return problem!;
        }

        var feed = await db.Branches.AsNoTracking().Where(b => b.Id == branch.Id)
            .Select(b => new { b.FeedVersion, b.FeedFloor }).SingleAsync(cancellationToken);
        if (query.Since > feed.FeedVersion)
        {
            return SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.SinceAhead,
                    ("since", query.Since), ("branch", branch.Slug), ("newest", feed.FeedVersion)),
                ProblemCodes.FeedAhead);
        }

        var notifications = await RecentNotificationsAsync(branch, cancellationToken);
        if (query.Since == 0 || query.Since < feed.FeedFloor)
        {
            return await SnapshotAsync(branch, feed.FeedVersion, notifications, cancellationToken);
        }

        var rows = await db.Changes.AsNoTracking()
            .Where(c => c.BranchId == branch.Id && c.Version > query.Since)
            .OrderBy(c => c.Version).Take(PageSize + 1)
            .ToListAsync(cancellationToken);
        var page = rows.Take(PageSize)
            .Select(c => new ChangeDto(c.Version, WireJson.Deserialize<VisitDto>(c.Data), c.ClientId, c.MutationId, c.By, c.At, c.DeskId))
            .ToList();
        telemetry.Pulled(page.Count, snapshot: false);
        return new PullResponse
        {
            Branch = branch.Slug,
            FromVersion = query.Since,
            ToVersion = page.Count > 0 ? page[^1].Version : query.Since,
            Changes = page,
            Notifications = notifications,
            HasMore = rows.Count > PageSize,
        };
    }

    private async Task<PullResponse> SnapshotAsync(BranchRef branch, long version, IReadOnlyList<NotificationDto> notifications,
        CancellationToken cancellationToken)
    {
        // Open visits, plus today's closed ones (the dashboard and desks count them).
        var dayStart = branch.DayStartUtc(clock.GetUtcNow().UtcDateTime);
        var visits = await db.Visits.AsNoTracking()
            .Where(v => v.BranchId == branch.Id
                        && (v.Status == VisitStatus.Waiting || v.Status == VisitStatus.Called
                            || v.Status == VisitStatus.Serving || v.UpdatedAt >= dayStart))
            .ToListAsync(cancellationToken);
        var listing = await BranchListings.ReadAsync(db, branch.Id, cancellationToken);
        telemetry.Pulled(visits.Count, snapshot: true);

        return new PullResponse
        {
            Branch = branch.Slug,
            ToVersion = version,
            Snapshot = new Snapshot(visits.Select(v => v.AsDto(branch.Slug)).ToList(), listing.Services, listing.Desks)
            {
                ClosedServices = listing.ClosedServices,
            },
            Notifications = notifications,
        };
    }

    private async Task<IReadOnlyList<NotificationDto>> RecentNotificationsAsync(BranchRef branch,
        CancellationToken cancellationToken) =>
        (await db.Notifications.AsNoTracking().Where(n => n.BranchId == branch.Id)
            .OrderByDescending(n => n.Id).Take(RecentNotifications).ToListAsync(cancellationToken))
        .Select(n => n.AsDto()).Reverse().ToList();
}
