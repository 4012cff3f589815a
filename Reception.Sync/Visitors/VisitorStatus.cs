using Reception.Data.Model;
using Reception.Sync.Dashboard;
using Reception.Sync.Merge;

namespace Reception.Sync.Visitors;

/// <summary>
/// What one visitor's status page shows, and all it ever receives: their own ticket, service,
/// status, place in line and estimated wait. No name, no phone, no notes, no other visitor, and
/// not the code (the page has it already).
/// </summary>
/// <param name="Version">The branch's feed version it was read at: a page keeps the newest.</param>
/// <param name="Status">The wire status: waiting, called, serving, done, noShow, cancelled.</param>
/// <param name="Ahead">Waiting visitors of the same service before this one (waiting only).</param>
/// <param name="EstimatedWait">Seconds, the dashboard's estimate; null when there is none yet.</param>
/// <param name="Desk">The desk they are called to or served at.</param>
/// <param name="CallId">The newest call or recall of this visit (0: none): a page alerts once per id.</param>
/// <param name="PostponePlaces">How far "a few more minutes" moves them back; 0 when they may not (any more).</param>
public sealed record VisitorStatusDto(
    long Version, DateTime At, string BranchName, string TimeZone, string Ticket, string Service, string Status,
    int? Ahead, double? EstimatedWait, string? Desk, long CallId, int PostponePlaces);

/// <summary>The visit a code opens, and its status.</summary>
public sealed record VisitorView(Guid VisitId, Guid BranchId, string Branch, string Ticket, VisitorStatusDto Status);

/// <summary>Builds <see cref="VisitorStatusDto"/>s from the dashboard's figures (one definition of place and wait).</summary>
internal static class VisitorStatuses
{
    /// <summary>
    /// The status of each visit of <paramref name="today"/> that is open or listed in
    /// <paramref name="also"/> (closed by the change being sent).
    /// </summary>
    public static IEnumerable<(Guid VisitId, VisitorStatusDto Status)> Of(TodaysVisits today, VisitorBranch branch,
        IReadOnlyDictionary<Guid, VisitorExtras> extras, IReadOnlySet<Guid>? also = null)
    {
        var (_, _, _, _, waiting) =
            DashboardFigures.Compute(today.Visits, today.Services, today.Desks, today.DayStart, today.Now, today.Zone);
        var places = waiting.ToDictionary(w => w.Id);
        var services = today.Services.ToDictionary(s => s.Id, s => s.Name);
        var desks = today.Desks.ToDictionary(d => d.Id, d => d.Name);
        foreach (var v in today.Visits)
        {
            var open = v.Status is VisitStatus.Waiting or VisitStatus.Called or VisitStatus.Serving;
            if (!open && also?.Contains(v.Id) != true)
            {
                continue;
            }

            places.TryGetValue(v.Id, out var place);
            var extra = extras.GetValueOrDefault(v.Id);
            yield return (v.Id, new VisitorStatusDto(
                today.Version, today.Now, today.BranchName, branch.TimeZoneId, v.Ticket, services.GetValueOrDefault(v.ServiceId, ""),
                StatusNames.Of(v.Status),
                place is null ? null : place.Position - 1,
                place?.EstimatedWait,
                v.DeskId is { } d && v.Status is VisitStatus.Called or VisitStatus.Serving ? desks.GetValueOrDefault(d) : null,
                extra.CallId,
                v.Status == VisitStatus.Waiting && !extra.Postponed ? branch.PostponePlaces : 0));
        }
    }
}

/// <summary>What the figures do not carry: the visit's latest call and whether it was moved back already.</summary>
internal readonly record struct VisitorExtras(long CallId, bool Postponed);

/// <summary>The branch as the status page needs it, at its feed version (<see cref="VisitorStatusCache"/> keys on all of it).</summary>
internal sealed record VisitorBranch(Guid Id, string Slug, string TimeZoneId, int PostponePlaces, long FeedVersion);
