using Microsoft.AspNetCore.SignalR;
using Reception.Sync.Wire;

namespace Reception.Web.Live;

/// <summary>What the server calls on a connected desk, screen or dashboard.</summary>
public interface IReceptionClient
{
    /// <summary>One commit's changes. A client whose last version is not FromVersion - 1 pulls.</summary>
    [HubMethodName("changes")]
    Task Changes(ChangesMessage message);

    /// <summary>Something to announce: a call, a recall, a failure the desk must see.</summary>
    [HubMethodName("notify")]
    Task Notify(NotificationDto notification);

    /// <summary>The branch's services and desks changed (an admin closed or reopened one): the new listing.</summary>
    [HubMethodName("catalog")]
    Task Catalog(CatalogMessage message);
}

public sealed record ChangesMessage(string Branch, long FromVersion, long ToVersion, IReadOnlyList<ChangeDto> Items);

/// <summary>What a desk needs to know of a branch's services and desks; the same lists as a snapshot's.</summary>
public sealed record CatalogMessage(
    string Branch, IReadOnlyList<ServiceDto> Services, IReadOnlyList<DeskDto> Desks, IReadOnlyList<ServiceDto> ClosedServices);
