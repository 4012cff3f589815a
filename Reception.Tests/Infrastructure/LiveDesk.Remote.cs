using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Web.Live;

namespace Reception.Tests.Infrastructure;

/// <summary>A live desk of a real server process (or of nginx in front of some), over a real port.</summary>
public sealed partial class LiveDesk
{
    /// <summary>WebSockets only by default: a proxy that cannot upgrade makes the start fail, not fall back.</summary>
    public static HubConnection Connect(Uri baseAddress, string token, HttpTransportType transport = HttpTransportType.WebSockets,
        string? origin = null) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(baseAddress, LiveExtensions.HubPath), o =>
            {
                o.Transports = transport;
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                if (origin is not null) o.Headers["Origin"] = origin;
            })
            .Build();

    public static async Task<LiveDesk> StartAsync(Uri baseAddress, string token, string branch, CancellationToken cancellationToken,
        HttpTransportType transport = HttpTransportType.WebSockets, string? origin = null)
    {
        var desk = new LiveDesk(Connect(baseAddress, token, transport, origin), branch);
        await desk.Connection.StartAsync(cancellationToken);
        await desk.PullAsync(0, cancellationToken);
        return desk;
    }
}
