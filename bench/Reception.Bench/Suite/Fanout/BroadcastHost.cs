using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Reception.Sync.Wire;
using Reception.Web.Live;

namespace Reception.Bench.Suite.Fanout;

/// <summary>
/// The "broadcast with no database" baseline: a minimal ASP.NET Core app in the benchmark's process
/// (Kestrel on a free loopback port; no auth, database, Redis or Mediator) whose hub sends what it is
/// given to every other connection. What remains of a Reception push is SignalR fanning one message
/// out over loopback WebSockets to N desks on this machine.
/// </summary>
internal sealed class BroadcastHost : IAsyncDisposable
{
    private const string HubPath = "/broadcast";
    private readonly WebApplication _app;
    private readonly Uri _hub;

    private BroadcastHost(WebApplication app, Uri hub)
    {
        _app = app;
        _hub = hub;
    }

    public static async Task<BroadcastHost> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapHub<BroadcastHub>(HubPath);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new BroadcastHost(app, new Uri(new Uri(address), HubPath));
    }

    /// <summary>A new connection as a desk makes one to an instance: WebSockets, no negotiate.</summary>
    public HubConnection Connect() =>
        new HubConnectionBuilder()
            .WithUrl(_hub, o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                o.SkipNegotiation = true;
            })
            .Build();

    /// <summary>
    /// What an instance sends after a register's commit, for this clientId and mutationId: the same
    /// type and about the same size, so the receivers parse the same JSON.
    /// </summary>
    public static ChangesMessage Message(Guid clientId, long mutationId)
    {
        var at = DateTime.UtcNow;
        var visit = new VisitDto
        {
            Id = Guid.NewGuid(),
            Branch = FanoutSetup.Branch,
            Ticket = $"A{mutationId % 1000:000}",
            Name = $"Fan-out {mutationId:00000}",
            Status = "waiting",
            ArrivedAt = at,
            UpdatedAt = at,
            Version = mutationId,
            FieldVersions = new FieldVersionsDto(mutationId, mutationId, mutationId, mutationId),
        };
        return new ChangesMessage(FanoutSetup.Branch, mutationId, mutationId,
            [new ChangeDto(mutationId, visit, clientId, mutationId, "desk1", at)]);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}

/// <summary>Forwards each message untouched (it is never bound to a type) to every connection but the sender's.</summary>
internal sealed class BroadcastHub : Hub
{
    public Task Broadcast(JsonElement message) => Clients.Others.SendAsync("changes", message, Context.ConnectionAborted);

    /// <summary>As the Reception hub's: a desk's first call, answered once it is connected.</summary>
    public string Echo(string message) => message;
}
