using Microsoft.AspNetCore.SignalR;

namespace Reception.Web.Display;

/// <summary>What the server calls on a public screen: calls, and whether visitors may join by phone; never a visit.</summary>
public interface IDisplayClient
{
    [HubMethodName("call")]
    Task Call(DisplayCall call);

    [HubMethodName("join")]
    Task Join(DisplayJoin join);
}
