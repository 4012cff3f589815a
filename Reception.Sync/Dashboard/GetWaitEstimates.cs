using Mediator;
using Reception.Data;
using Reception.Sync.Access;
using Reception.Sync.Wire;

namespace Reception.Sync.Dashboard;

/// <summary>
/// The estimated wait of each waiting visitor of a branch, for anyone who may use the branch (a
/// desk shows it beside each visitor). The same numbers as the dashboard's.
/// </summary>
public sealed record GetWaitEstimates(string? Branch, Caller Caller) : IQuery<SyncReply<WaitEstimates>>;

/// <param name="Version">The feed version the estimates were read at.</param>
/// <param name="Services">Per service: the open desks and today's figures the estimates come from.</param>
public sealed record WaitEstimates(
    string Branch, long Version, DateTime At, IReadOnlyList<WaitingVisit> Waiting, IReadOnlyList<ServiceFigures> Services);

public sealed class GetWaitEstimatesHandler(ReceptionDbContext db, BranchAccess access, TimeProvider clock)
    : IQueryHandler<GetWaitEstimates, SyncReply<WaitEstimates>>
{
    public async ValueTask<SyncReply<WaitEstimates>> Handle(GetWaitEstimates query, CancellationToken cancellationToken)
    {
        var (branch, problem) = await access.ResolveAsync(db, query.Branch, query.Caller, cancellationToken);
        if (branch is null)
        {
            return problem!;
        }

        var today = await TodaysVisits.LoadAsync(db, branch, clock.GetUtcNow().UtcDateTime, cancellationToken);
        var (_, services, _, _, waiting) =
            DashboardFigures.Compute(today.Visits, today.Services, today.Desks, today.DayStart, today.Now, today.Zone);
        return new WaitEstimates(branch.Slug, today.Version, today.Now, waiting, services);
    }
}
