using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Reception.Sync.Access;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using Reception.Web.Display;
using Reception.Web.Live;

namespace Reception.Tests.Web.Display;

/// <summary>The public screens' hub over the test server: what a display token opens, and what it is sent.</summary>
public sealed class DisplayHubTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private ReceptionApp App => fixture.App;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private HubConnection Connect(string path, string query) =>
        new HubConnectionBuilder()
            .WithUrl(new Uri(App.Server.BaseAddress, path + query), o =>
            {
                o.HttpMessageHandlerFactory = _ => App.Server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();

    [Fact]
    public async Task AScreenReceivesEachCallWithTicketDeskAndTimeOnly()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var token = await BoardPages.DisplayTokenAsync(App, branch);
        await using var screen = Connect(DisplayExtensions.HubPath, $"?branch={branch.Slug}&display={token}");
        var calls = new List<JsonElement>();
        var received = new TaskCompletionSource();
        screen.On<JsonElement>("call", c =>
        {
            calls.Add(c);
            received.TrySetResult();
        });
        await screen.StartAsync(ct);

        var desk = new TestClient(App, branch);
        var visit = Guid.NewGuid();
        await desk.PushAsync(desk.Register(visit, branch.General, "Ada Lovelace", new { phone = "+44 1", notes = "private" }), desk.Call(visit, branch.Desk1));
        await received.Task.WaitAsync(ct);
        var board = await screen.InvokeAsync<DisplayBoardDto>("Board", ct);

        var call = Assert.Single(calls);
        Assert.Equal(["id", "kind", "visitId", "ticket", "desk", "at"], call.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("A-001", "Desk 1", "called"), (call.GetProperty("ticket").GetString(), call.GetProperty("desk").GetString(),
            call.GetProperty("kind").GetString()));
        Assert.Equal("A-001", Assert.Single(board.Calls).Ticket);
        Assert.DoesNotContain("Ada", JsonSerializer.Serialize(board));
    }

    [Fact]
    public async Task SavingTheBranchsJoinSettingsTellsItsScreensWhetherVisitorsMayJoinByPhoneAndNothingElse()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var token = await BoardPages.DisplayTokenAsync(App, branch);
        await using var screen = Connect(DisplayExtensions.HubPath, $"?branch={branch.Slug}&display={token}");
        var received = new TaskCompletionSource<JsonElement>();
        screen.On<JsonElement>("join", j => received.TrySetResult(j));
        await screen.StartAsync(ct);
        Assert.False((await screen.InvokeAsync<DisplayBoardDto>("Board", ct)).RemoteJoin);

        Assert.Null(await App.SendAsync(new Reception.Web.Pages.Admin.SelfService.AdminJoinSettingsModel.Command
        {
            Slug = branch.Slug, By = "admin", RemoteJoin = true, PostponePlaces = "3",
        }));

        var join = await received.Task.WaitAsync(ct);
        Assert.Equal("""{"open":true}""", join.GetRawText());
        Assert.True((await screen.InvokeAsync<DisplayBoardDto>("Board", ct)).RemoteJoin);
    }

    [Fact]
    public async Task AWrongOrOtherBranchsTokenIsRefusedAndATokenOpensNeitherTheQueueHubNorAPush()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var other = await TestBranch.CreateAsync(App);
        var token = await BoardPages.DisplayTokenAsync(App, branch);

        foreach (var query in new[] { $"?branch={branch.Slug}&display=dt_wrong", $"?branch={other.Slug}&display={token}", $"?branch={branch.Slug}" })
        {
            await using var refused = Connect(DisplayExtensions.HubPath, query);
            var error = await Assert.ThrowsAsync<HttpRequestException>(() => refused.StartAsync(ct));
            Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        }

        await using var queue = Connect(LiveExtensions.HubPath, $"?branch={branch.Slug}&display={token}");
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HttpRequestException>(() => queue.StartAsync(ct))).StatusCode);

        await using var screen = Connect(DisplayExtensions.HubPath, $"?branch={branch.Slug}&display={token}");
        await screen.StartAsync(ct);
        var push = await Assert.ThrowsAsync<HubException>(() => screen.InvokeAsync<object>("Push", new { branch = branch.Slug, actions = Array.Empty<object>() }, ct));
        Assert.Contains("Push", push.Message);
    }

    [Fact]
    public async Task RevokingATokenClosesItsScreensWithinSeconds()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var token = await BoardPages.DisplayTokenAsync(App, branch);
        await using var screen = Connect(DisplayExtensions.HubPath, $"?branch={branch.Slug}&display={token}");
        var closed = new TaskCompletionSource();
        screen.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await screen.StartAsync(ct);

        var hash = DisplayTokens.Hash(token);
        await App.WithDbAsync(db => db.DisplayTokens.Where(t => t.TokenHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.IsActive, false).SetProperty(t => t.RevokedAt, DateTime.UtcNow), ct));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(15), ct);
        Assert.Equal(HubConnectionState.Disconnected, screen.State);
    }
}
