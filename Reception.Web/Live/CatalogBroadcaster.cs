using Mediator;
using Microsoft.AspNetCore.SignalR;
using Reception.Sync.Feed;

namespace Reception.Web.Live;

/// <summary>Sends a branch's new services and desks to its desks (through the backplane, like every broadcast).</summary>
public sealed class CatalogBroadcaster(IHubContext<QueueHub, IReceptionClient> hub) : INotificationHandler<CatalogChanged>
{
    public async ValueTask Handle(CatalogChanged notification, CancellationToken cancellationToken)
    {
        var listing = notification.Listing;
        await hub.Clients.Group(HubBroadcaster.GroupOf(notification.Branch))
            .Catalog(new CatalogMessage(notification.Branch, listing.Services, listing.Desks, listing.ClosedServices));
    }
}
