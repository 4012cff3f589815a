using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Wire;

namespace Reception.Sync.Feed;

/// <summary>The open visits of a branch (waiting, called, serving) in queue order, with its services (open and closed) and desks.</summary>
public sealed record GetQueue(string? Branch, Caller Caller) : IQuery<SyncReply<QueueResponse>>;

/// <summary>
/// <see cref="Version"/> is the feed version the read started from: pull from it to follow the
/// queue live.
/// </summary>
public sealed record QueueResponse(
    string Branch, long Version, IReadOnlyList<VisitDto> Visits, IReadOnlyList<ServiceDto> Services, IReadOnlyList<DeskDto> Desks)
{
    /// <summary>Closed services: visits of them may still be open (waiting to be transferred or finished).</summary>
    public IReadOnlyList<ServiceDto> ClosedServices { get; init; } = [];
}

public sealed class GetQueueHandler(ReceptionDbContext db, BranchAccess access) : IQueryHandler<GetQueue, SyncReply<QueueResponse>>
{
    public async ValueTask<SyncReply<QueueResponse>> Handle(GetQueue query, CancellationToken cancellationToken)
    {
        var (branch, problem) = await access.ResolveAsync(db, query.Branch, query.Caller, cancellationToken);
        if (branch is null)
        {
            return problem!;
        }

        // Read before the visits: a change landing in between is then also in the pull after it.
        var version = await db.Branches.AsNoTracking().Where(b => b.Id == branch.Id).Select(b => b.FeedVersion)
            .SingleAsync(cancellationToken);
        var open = await db.Visits.AsNoTracking()
            .Where(v => v.BranchId == branch.Id
                        && (v.Status == VisitStatus.Waiting || v.Status == VisitStatus.Called || v.Status == VisitStatus.Serving))
            .OrderInQueue()
            .ToListAsync(cancellationToken);
        var visits = open.Select(v => v.AsDto(branch.Slug)).ToList();
        var listing = await BranchListings.ReadAsync(db, branch.Id, cancellationToken);

        return new QueueResponse(branch.Slug, version, visits, listing.Services, listing.Desks) { ClosedServices = listing.ClosedServices };
    }
}
