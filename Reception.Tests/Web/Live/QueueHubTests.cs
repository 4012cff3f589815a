using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Live;

/// <summary>The hub with the real SignalR client, over the test server.</summary>
public abstract class QueueHubTests(ReceptionApp app)
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private async Task<(TestBranch Branch, LiveDesk A, LiveDesk B)> TwoDesksAsync(CancellationToken ct)
    {
        var branch = await TestBranch.CreateAsync(app);
        var a = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        var b = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk2);
        return (branch,
            await LiveDesk.StartAsync(app, await a.TokenAsync(app, ct), branch.Slug, ct),
            await LiveDesk.StartAsync(app, await b.TokenAsync(app, ct), branch.Slug, ct));
    }

    [Fact]
    public async Task ADeskReceivesAnotherDesksRegistrationAsChangesAndADeskOfAnotherBranchReceivesNothing()
    {
        var ct = Timeout();
        var (branch, a, b) = await TwoDesksAsync(ct);
        var elsewhere = await TestBranch.CreateAsync(app);
        var stranger = await TestLogin.CreateAsync(app, elsewhere, Roles.Desk, elsewhere.Desk1);
        await using var c = await LiveDesk.StartAsync(app, await stranger.TokenAsync(app, ct), elsewhere.Slug, ct);
        await using var _ = a;
        await using var __ = b;

        var client = new TestClient(app, branch);
        var result = (await a.PushAsync(ct, client.Register(Guid.NewGuid(), branch.General, "Ada"))).Results.Single();
        await b.WaitForVersionAsync(result.Version!.Value, ct);

        var message = Assert.Single(b.Received);
        Assert.Equal((branch.Slug, result.Version.Value, result.Version.Value), (message.Branch, message.FromVersion, message.ToVersion));
        Assert.Equal("Ada", message.Items.Single().Visit.Name);
        Assert.Equal(client.ClientId, message.Items.Single().ClientId);

        // A barrier, not a sleep: a later change of c's own branch reaches c on the same connection after anything
        // sent to it before, so once c holds it, Ada's broadcast would be there too if it had been sent to c.
        var own = (await c.PushAsync(ct, new TestClient(app, elsewhere).Register(Guid.NewGuid(), elsewhere.General, "Grace"))).Results.Single();
        await c.WaitForVersionAsync(own.Version!.Value, ct);
        var only = Assert.Single(c.Received);
        Assert.Equal((elsewhere.Slug, own.Version), (only.Branch, only.ToVersion));
    }

    [Fact]
    public async Task TwoDesksCallingNextAtTheSameMomentNeverGetTheSameVisitor()
    {
        var ct = Timeout();
        var (branch, a, b) = await TwoDesksAsync(ct);
        await using var _ = a;
        await using var __ = b;
        var clientA = new TestClient(app, branch);
        var clientB = new TestClient(app, branch);
        var random = new Random(20);

        for (var round = 0; round < 20; round++)
        {
            var waiting = random.Next(0, 3);
            for (var i = 0; i < waiting; i++)
            {
                await a.PushAsync(ct, clientA.Register(Guid.NewGuid(), branch.General, $"r{round}v{i}"));
            }

            var calls = await Task.WhenAll(
                a.PushAsync(ct, clientA.CallNext(branch.Desk1)),
                b.PushAsync(ct, clientB.CallNext(branch.Desk2)));
            var called = calls.Select(c => c.Results.Single()).Where(r => r.Visit is not null).Select(r => r.Visit!.Id).ToList();

            Assert.All(calls, c => Assert.Equal(ResultStatus.Applied, c.Results.Single().Status));
            Assert.Equal(called.Distinct().Count(), called.Count);
            Assert.Equal(Math.Min(waiting, 2), called.Count);
            // Whoever was left waiting is called next round, so start every round from an empty queue.
            foreach (var leftover in Enumerable.Range(0, Math.Max(0, waiting - 2)))
            {
                await a.PushAsync(ct, clientA.CallNext(branch.Desk1));
            }
        }
    }

    [Fact]
    public async Task AHubConnectionWithoutALoginIsRefused()
    {
        var connection = LiveDesk.Connect(app);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(Timeout()));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task ADeskCannotSubscribeToAnotherBranch()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(app);
        var other = await TestBranch.CreateAsync(app);
        var login = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        await using var desk = await LiveDesk.StartAsync(app, await login.TokenAsync(app, ct), branch.Slug, ct);

        var refused = await Assert.ThrowsAsync<HubException>(() => desk.Connection.InvokeAsync<object>("Subscribe", other.Slug, ct));
        var pull = await Assert.ThrowsAsync<HubException>(() => desk.Connection.InvokeAsync<PullResponse>("Pull", other.Slug, 0L, ct));

        Assert.Contains("may not use branch", refused.Message);
        Assert.Contains("may not use branch", pull.Message);
        Assert.Equal(HubConnectionState.Connected, desk.Connection.State);
    }

    [Fact]
    public async Task AManagerMaySubscribeToABranchTheyManage()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(app);
        var manager = await TestLogin.CreateAsync(app, null, Roles.Manager);
        await using var connection = LiveDesk.Connect(app, () => manager.TokenAsync(app, ct).Result);
        await connection.StartAsync(ct);

        var feed = await connection.InvokeAsync<Reception.Sync.Access.BranchFeed>("Subscribe", branch.Slug, ct);

        Assert.Equal(branch.Slug, feed.Branch);
    }

    [Fact]
    public async Task AHandshakeFromAForeignOriginIsRefused()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(app);
        var login = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        var token = await login.TokenAsync(app, ct);
        var connection = LiveDesk.Connect(app, () => token, origin: "https://evil.example");

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync(ct));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        await using var sameSite = LiveDesk.Connect(app, () => token, origin: app.Server.BaseAddress.GetLeftPart(UriPartial.Authority));
        await sameSite.StartAsync(ct);
    }

    [Fact]
    public async Task LoggingOutClosesTheUsersLiveConnections()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(app);
        var login = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        var cookie = await login.CookieAsync(app, ct);
        await using var connection = LiveDesk.Connect(app, cookie: cookie);
        var closed = new TaskCompletionSource();
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync(ct);
        Assert.Equal("pong", await connection.InvokeAsync<string>("Echo", "pong", ct));

        using var http = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var page = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/login") { Headers = { { "Cookie", cookie } } }, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        logout.Headers.Add("Cookie", cookie);
        var response = await http.SendAsync(logout, ct);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
        Assert.Equal(HubConnectionState.Disconnected, connection.State);
    }

    [Fact]
    public async Task ADeskThatMissedChangesWhileDisconnectedCatchesUpToTheServersState()
    {
        var ct = Timeout();
        var (branch, a, b) = await TwoDesksAsync(ct);
        await using var _ = a;
        var client = new TestClient(app, branch);
        var first = Guid.NewGuid();
        await a.PushAsync(ct, client.Register(first, branch.General, "Before"));
        await b.WaitForVersionAsync(1, ct);

        await b.Connection.StopAsync(ct);
        await a.PushAsync(ct, client.Register(Guid.NewGuid(), branch.General, "Missed 1"), client.Call(first, branch.Desk1),
            client.Register(Guid.NewGuid(), branch.Billing, "Missed 2"));
        await b.ReconnectAsync(ct);
        var last = (await a.PushAsync(ct, client.Register(Guid.NewGuid(), branch.Billing, "After"))).Results.Single();

        await b.WaitForVersionAsync(last.Version!.Value, ct);
        var server = await client.PullAsync(0);
        Assert.Equal(
            server.Snapshot!.Visits.OrderBy(v => v.Id).Select(WireJson.Serialize),
            b.Visits.Values.OrderBy(v => v.Id).Select(WireJson.Serialize));
        await b.DisposeAsync();
    }
    [Fact]
    public async Task ADeskThatLosesABroadcastNoticesTheGapAndPullsIt()
    {
        var ct = Timeout();
        var (branch, a, b) = await TwoDesksAsync(ct);
        await using var _ = a;
        await using var __ = b;
        var client = new TestClient(app, branch);
        b.DropNext = 1;

        await a.PushAsync(ct, client.Register(Guid.NewGuid(), branch.General, "Lost broadcast"));
        var second = (await a.PushAsync(ct, client.Register(Guid.NewGuid(), branch.General, "Seen"))).Results.Single();

        await b.WaitForVersionAsync(second.Version!.Value, ct);
        Assert.Equal(["Lost broadcast", "Seen"], b.Visits.Values.OrderBy(v => v.Version).Select(v => v.Name));
        Assert.Equal(2, b.Pulls);
    }
}

public sealed class SqliteQueueHubTests(SqliteAppFixture fixture) : QueueHubTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresQueueHubTests(PostgresAppFixture fixture) : QueueHubTests(fixture.App), IClassFixture<PostgresAppFixture>;

/// <summary>Hub security that needs an app of its own (log capture, a fast sweep).</summary>
public sealed class QueueHubSecurityTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private ReceptionApp _app = null!;
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _factory = null!;

    public Task InitializeAsync()
    {
        _app = new ReceptionApp(Provider.Sqlite, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace", // an operator debugging the hub
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Warning",
            ["Reception:Live:SweepSeconds"] = "0.5",
        });
        _factory = _app.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(_logs)));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task AnAccessTokenInTheHubsQueryStringNeverAppearsInTheLogs()
    {
        using var http = _factory.CreateClient();
        const string secret = "eyJsecret-token-that-must-not-be-logged";

        var response = await http.PostAsync($"/hubs/queue/negotiate?negotiateVersion=1&access_token={secret}", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEmpty(_logs.Lines);
        Assert.DoesNotContain(_logs.Lines, l => l.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DisablingAUserClosesTheirLiveConnectionsWithinSeconds()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
        var branch = await TestBranch.CreateAsync(_app);
        var login = await TestLogin.CreateAsync(_app, branch, Roles.Desk, branch.Desk1);
        var token = await login.TokenAsync(_app, ct);
        await using var connection = LiveDesk.Connect(_app, () => token);
        var closed = new TaskCompletionSource();
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await connection.StartAsync(ct);

        await _app.WithDbAsync(db => db.Users.Where(u => u.UserName == login.UserName)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5), ct);
    }

    private sealed class CapturingLoggerProvider : Microsoft.Extensions.Logging.ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner, string category) : Microsoft.Extensions.Logging.ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

            public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId,
                TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Lines.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
