using Microsoft.AspNetCore.SignalR;

namespace Reception.Web.Visitors;

/// <summary>What the server calls on a visitor's status page: that one visit's status, nothing else.</summary>
public interface IVisitorClient
{
    [HubMethodName("status")]
    Task Status(VisitorUpdate update);
}
