using Mediator;
using Microsoft.AspNetCore.SignalR;

namespace Reception.Web.Display;

/// <summary>Whether the branch takes remote joins now: a screen showing the "join by phone" QR code shows or hides it.</summary>
public sealed record DisplayJoin(bool Open);

/// <summary>An admin turned a branch's remote joining on or off (sent after saving).</summary>
public sealed record RemoteJoinChanged(string Branch, bool Open) : INotification;

/// <summary>Tells the branch's screens at once, so a QR code to a closed join page never stays up.</summary>
public sealed class DisplayJoinBroadcaster(IHubContext<DisplayHub, IDisplayClient> hub) : INotificationHandler<RemoteJoinChanged>
{
    public async ValueTask Handle(RemoteJoinChanged notification, CancellationToken cancellationToken) =>
        await hub.Clients.Group(DisplayHub.GroupOf(notification.Branch)).Join(new DisplayJoin(notification.Open));
}
