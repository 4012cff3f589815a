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
}

public sealed record ChangesMessage(string Branch, long FromVersion, long ToVersion, IReadOnlyList<ChangeDto> Items);
