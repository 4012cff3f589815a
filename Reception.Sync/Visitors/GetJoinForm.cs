using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Dashboard;

namespace Reception.Sync.Visitors;

/// <summary>What /join/{branch} offers now; null for a branch that does not exist or is closed for good.</summary>
public sealed record GetJoinForm(string? Branch) : IQuery<JoinForm?>;

public enum JoinState
{
    Open,

    /// <summary>The branch has not turned remote joining on.</summary>
    Off,

    /// <summary>Outside the branch's opening hours (<see cref="JoinForm.OpensAt"/> says when it opens).</summary>
    OutsideHours,
}

public sealed record JoinService(Guid Id, string Name);

/// <param name="OpensAt">When joining opens next (UTC), outside opening hours; null when the week has no hours.</param>
public sealed record JoinForm(
    Guid BranchId, string Slug, string BranchName, string TimeZone, JoinState State, DateTime? OpensAt, bool PhoneRequired,
    IReadOnlyList<JoinService> Services);

public sealed class GetJoinFormHandler(ReceptionDbContext db, TimeProvider clock) : IQueryHandler<GetJoinForm, JoinForm?>
{
    public async ValueTask<JoinForm?> Handle(GetJoinForm query, CancellationToken cancellationToken)
    {
        var b = await db.Branches.AsNoTracking().Where(x => x.Slug == query.Branch && x.IsActive)
            .Select(x => new { x.Id, x.Slug, x.Name, x.TimeZoneId, x.RemoteJoin, x.JoinDuringHoursOnly, x.JoinPhoneRequired, x.OpeningHours })
            .SingleOrDefaultAsync(cancellationToken);
        if (b is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var opensAt = WeeklyHours.Parse(b.OpeningHours).NextOpen(now, BranchZone.Of(b.TimeZoneId));
        var state = !b.RemoteJoin ? JoinState.Off
            : b.JoinDuringHoursOnly && opensAt != now ? JoinState.OutsideHours
            : JoinState.Open;
        var services = state == JoinState.Open
            ? await db.Services.AsNoTracking().Where(s => s.BranchId == b.Id && s.IsActive && !s.NotForSelfCheckIn)
                .OrderBy(s => s.SortOrder).ThenBy(s => s.Name).Select(s => new JoinService(s.Id, s.Name)).ToListAsync(cancellationToken)
            : [];
        return new JoinForm(b.Id, b.Slug, b.Name, b.TimeZoneId, state, state == JoinState.OutsideHours ? opensAt : null,
            b.JoinPhoneRequired, services);
    }
}
