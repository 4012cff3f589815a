using Mediator;
using Reception.Sync.Wire;

namespace Reception.Sync.Feed;

/// <summary>A notification that comes with no change (a failure the desks must see).</summary>
public sealed record BranchNotified(Guid BranchId, string Branch, NotificationDto Notification) : INotification;
