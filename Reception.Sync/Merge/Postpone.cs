using Reception.Data.Model;

namespace Reception.Sync.Merge;

/// <summary>
/// "I need a few more minutes": a waiting visitor moves back in their line, once. Where to is
/// decided outside (the time in line of the visitor they go behind, read under the branch lock);
/// this only applies it. Laws (tested):
/// - only a waiting visitor moves; any other status is a status conflict and changes nothing;
/// - a visitor never moves forward: their new time in line is never earlier than the old one;
/// - the arrival time is kept (reports measure the wait from it);
/// - the visit is marked postponed, so the pipeline refuses a second request.
/// </summary>
/// <remarks>
/// Moving back sets the time the visitor stands in line from (<see cref="VisitState.QueuedAt"/>, as a
/// reinstate does), the key queue order reads after priority, so every reader of queue order
/// (callNext, the desks, the dashboard, the status page) agrees at once with no new rule. The price:
/// visitors who stand in line from exactly the same tick (registrations clamped to one last contact)
/// are passed together, so the move can be a few places longer than asked.
/// </remarks>
public static class Postpone
{
    /// <param name="behindQueued">The time in line of the visitor to go behind, or null when no one is behind.</param>
    public static MergeResult Apply(VisitState visit, DateTime? behindQueued, long version, DateTime now)
    {
        if (visit.Status != VisitStatus.Waiting)
        {
            return MergeResult.StatusConflict(visit, StatusNames.Refusal(visit.Status, visit.Ticket));
        }

        // A microsecond, not a tick: PostgreSQL keeps times to the microsecond, and a tick would round away.
        var queued = behindQueued is { } behind && behind >= visit.QueuedAt ? behind.AddMicroseconds(1) : visit.ReinstatedAt;
        return MergeResult.Applied(visit with { ReinstatedAt = queued, Postponed = true, Version = version, UpdatedAt = now });
    }
}
