using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Wire;

namespace Reception.Sync.Access;

/// <summary>A branch as the pipeline needs it.</summary>
public sealed record BranchRef(Guid Id, string Slug, string TimeZoneId)
{
    public DateOnly LocalDay(DateTime utcNow)
    {
        var zone = TimeZoneId == "UTC" ? TimeZoneInfo.Utc : FindZone(TimeZoneId);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utcNow, zone));
    }

    /// <summary>When the branch's local day began, in UTC.</summary>
    public DateTime DayStartUtc(DateTime utcNow) => StartUtc(LocalDay(utcNow));

    /// <summary>When a day of the branch's calendar begins, in UTC.</summary>
    public DateTime StartUtc(DateOnly day)
    {
        var zone = TimeZoneId == "UTC" ? TimeZoneInfo.Utc : FindZone(TimeZoneId);
        return TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), zone);
    }

    private static TimeZoneInfo FindZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
}

/// <summary>
/// Finds a branch by slug and checks the caller may use it. Branches change rarely and every
/// push resolves one, so a found branch is remembered for a few seconds (per host).
/// </summary>
public sealed class BranchAccess(TimeProvider clock)
{
    private static readonly TimeSpan Remember = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<string, (BranchRef Branch, DateTimeOffset Until)> _known = new(StringComparer.Ordinal);

    public async Task<(BranchRef? Branch, SyncProblem? Problem)> ResolveAsync(
        ReceptionDbContext db, string? slug, Caller caller, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(slug))
        {
            return (null, SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.BranchMissing)));
        }

        // PostgreSQL text cannot hold NUL: asking for such a slug would fail, not find nothing.
        if (slug.Contains('\0')) return (null, SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.BranchNul)));

        var now = clock.GetUtcNow();
        BranchRef? branch;
        if (_known.TryGetValue(slug, out var known) && known.Until > now)
        {
            branch = known.Branch;
        }
        else
        {
            branch = await db.Branches.AsNoTracking()
                .Where(b => b.Slug == slug && b.IsActive)
                .Select(b => new BranchRef(b.Id, b.Slug, b.TimeZoneId))
                .SingleOrDefaultAsync(cancellationToken);
            if (branch is not null)
            {
                _known[slug] = (branch, now + Remember);
            }
        }

        if (branch is null)
        {
            return (null, SyncProblem.NotFound(ProblemDetail.Of(ProblemDetailCodes.BranchUnknown, ("branch", Shorten(slug)))));
        }

        return caller.MayUse(branch.Id)
            ? (branch, null)
            : (null, SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.BranchForbidden, ("login", caller.Name), ("branch", branch.Slug))));
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
