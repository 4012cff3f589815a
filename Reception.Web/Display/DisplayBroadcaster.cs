using Mediator;
using Microsoft.AspNetCore.SignalR;
using Reception.Sync.Feed;

namespace Reception.Web.Display;

/// <summary>
/// Sends each committed call and recall to the branch's screens, after the commit. What leaves is
/// built here, field by field, from the notification: a ticket, a desk, a time.
/// </summary>
public sealed class DisplayBroadcaster(IHubContext<DisplayHub, IDisplayClient> hub) : INotificationHandler<ChangesCommitted>
{
    public async ValueTask Handle(ChangesCommitted notification, CancellationToken cancellationToken)
    {
        foreach (var n in notification.Notifications)
        {
            if (DisplayCalls.IsCall(n.Kind) && n.Ticket is { } ticket)
            {
                await hub.Clients.Group(DisplayHub.GroupOf(notification.Branch))
                    .Call(new DisplayCall(n.Id, n.Kind, n.VisitId, ticket, n.DeskName ?? "", n.At));
            }
        }
    }
}
