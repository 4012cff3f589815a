using System.Diagnostics;
using Mediator;
using Reception.Sync.Wire;

namespace Reception.Sync.Feed;

/// <summary>
/// Published in-process right after a commit that changed a branch's feed: one per commit,
/// never before it, never for an action that did not apply. Transports subscribe to broadcast it.
/// </summary>
public sealed record ChangesCommitted(
    Guid BranchId,
    string Branch,
    long FromVersion,
    long ToVersion,
    IReadOnlyList<ChangeDto> Items,
    IReadOnlyList<NotificationDto> Notifications) : INotification
{
    /// <summary>When it was made, right after the commit (a <see cref="Stopwatch"/> timestamp): the broadcast delay is measured from here.</summary>
    public long CommittedAt { get; init; } = Stopwatch.GetTimestamp();
}
