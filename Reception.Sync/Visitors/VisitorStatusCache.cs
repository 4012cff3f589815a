using System.Collections.Concurrent;

namespace Reception.Sync.Visitors;

/// <summary>
/// Each branch's open visitor statuses as last computed, so that a status page's Watch (on every
/// connect, and every 30 seconds per open page) is two indexed lookups, not a read of the whole branch:
/// 1,000 open pages would otherwise read a branch of 1,000 visits about 33 times a second. Invariants:
/// - an entry answers only while the branch row it was computed from (feed version and the settings
///   the page shows) is the one read now: any commit of the branch moves its feed version;
/// - and for at most <see cref="MaxAge"/>, which bounds what the feed does not version (a service or
///   desk renamed, the clock in the estimated wait);
/// - a visit the entry does not hold (closed before it was computed) is read as before.
/// </summary>
public sealed class VisitorStatusCache
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<Guid, Entry> _branches = new();

    internal bool TryGet(VisitorBranch branch, Guid visitId, DateTime now, out VisitorStatusDto? status)
    {
        status = null;
        return _branches.TryGetValue(branch.Id, out var entry) && entry.Branch == branch && now - entry.At <= MaxAge && now >= entry.At
               && entry.Statuses.TryGetValue(visitId, out status);
    }

    internal void Put(VisitorBranch branch, DateTime now, IReadOnlyDictionary<Guid, VisitorStatusDto> statuses) =>
        _branches[branch.Id] = new Entry(branch, now, statuses);

    private sealed record Entry(VisitorBranch Branch, DateTime At, IReadOnlyDictionary<Guid, VisitorStatusDto> Statuses);
}
