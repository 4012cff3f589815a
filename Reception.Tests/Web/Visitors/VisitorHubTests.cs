using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Access;
using Reception.Sync.Visitors;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Tests.Web.Api;
using Reception.Web.Visitors;

namespace Reception.Tests.Web.Visitors;

/// <summary>/hubs/visitor: no login, the code is the credential, and a connection hears of its own visit only.</summary>
public sealed class VisitorHubTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private ReceptionApp App => fixture.App;

    private HubConnection Connect()
    {
        var server = App.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, VisitorExtensions.HubPath), o =>
            {
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
    }

    [Fact]
    public async Task AForgedCodeOpensNothingAndAWatcherHearsOnlyOfItsOwnVisit()
    {
        var branch = await TestBranch.CreateAsync(App);
        var desk = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        var first = (await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, "Ada Lovelace"))).Visit!;
        var mine = (await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, "Grace Hopper"))).Visit!;
        await using var connection = Connect();
        var heard = new ConcurrentQueue<JsonElement>();
        connection.On<JsonElement>("status", heard.Enqueue);
        await connection.StartAsync(ApiHttp.Timeout());

        var forged = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync<JsonElement>("Watch", VisitCodes.New(), ApiHttp.Timeout()));
        Assert.Contains("[not-found]", forged.Message);

        var watched = await connection.InvokeAsync<JsonElement>("Watch", mine.Code, ApiHttp.Timeout());
        Assert.Equal(1, watched.GetProperty("visit").GetProperty("ahead").GetInt32());

        await desk.PushOneAsync(desk.Call(first.Id, branch.Desk1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!heard.Any(m => m.GetProperty("text").GetProperty("headline").GetProperty("key").GetString() == "visitor.next") && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Contains(heard, m => m.GetProperty("text").GetProperty("headline").GetProperty("key").GetString() == "visitor.next");
        Assert.All(heard, m => Assert.Equal(mine.Ticket, m.GetProperty("visit").GetProperty("ticket").GetString()));
        Assert.All(heard, m => Assert.DoesNotContain("Ada", m.GetRawText()));

        // Leaving through the hub: once, under the page's own clientId.
        var clientId = Guid.NewGuid();
        var left = await connection.InvokeAsync<JsonElement>("Leave", mine.Code, clientId, 1L, ApiHttp.Timeout());
        var again = await connection.InvokeAsync<JsonElement>("Leave", mine.Code, clientId, 1L, ApiHttp.Timeout());
        Assert.Equal(("applied", "duplicate"), (left.GetProperty("status").GetString(), again.GetProperty("status").GetString()));
        Assert.Equal("visitor.cancelled", again.GetProperty("update").GetProperty("text").GetProperty("headline").GetProperty("key").GetString());
    }
}
