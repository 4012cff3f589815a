using Mediator;
using Microsoft.AspNetCore.SignalR;
using Reception.Sync.Feed;

namespace Reception.Web.Live;

/// <summary>
/// Sends each commit to its branch's group. It runs after the commit (the pipeline publishes
/// only then); with Redis configured the backplane carries it to every instance.
/// </summary>
public sealed class HubBroadcaster(IHubContext<QueueHub, IReceptionClient> hub)
    : INotificationHandler<ChangesCommitted>, INotificationHandler<BranchNotified>
{
    public static string GroupOf(string branch) => "branch:" + branch;

    public async ValueTask Handle(ChangesCommitted notification, CancellationToken cancellationToken)
    {
        var group = hub.Clients.Group(GroupOf(notification.Branch));
        await group.Changes(new ChangesMessage(notification.Branch, notification.FromVersion, notification.ToVersion,
            notification.Items));
        foreach (var n in notification.Notifications)
        {
            await group.Notify(n);
        }
    }

    public async ValueTask Handle(BranchNotified notification, CancellationToken cancellationToken) =>
        await hub.Clients.Group(GroupOf(notification.Branch)).Notify(notification.Notification);
}
