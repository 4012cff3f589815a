using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Web.Api;

namespace Reception.Tests.Web.Live;

/// <summary>The hub takes a push as large as REST does (1 MiB), not SignalR's default 32 KB.</summary>
public sealed class QueueHubMessageSizeTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private readonly ReceptionApp _app = fixture.App;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task APushOfMoreThan32KbAndLessThan1MibIsAppliedAndTheConnectionStaysOpen()
    {
        var ct = Timeout();
        var (branch, desk) = await DeskAsync(ct);
        await using var _ = desk;
        var client = new TestClient(_app, branch);
        var notes = new string('n', ActionParser.MaxNotes);
        var actions = Enumerable.Range(1, 400)
            .Select(i => client.Register(Guid.NewGuid(), branch.General, $"Visitor {i}", new { notes }))
            .ToArray();
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new PushRequest { Branch = branch.Slug, Actions = actions }, WireJson.Options).Length;
        Assert.InRange(bytes, 512 * 1024, SyncApi.MaxPushBytes - 64 * 1024);

        var response = await desk.PushAsync(ct, actions);

        Assert.Equal(actions.Length, response.Results.Count);
        Assert.All(response.Results, r => Assert.Equal(ResultStatus.Applied, r.Status));
        Assert.Equal(HubConnectionState.Connected, desk.Connection.State);
        Assert.Equal(actions.Length, await _app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id, ct)));
    }

    [Fact]
    public async Task AHubMessageOverOneMibClosesTheConnectionAndStoresNothing()
    {
        var ct = Timeout();
        var (branch, desk) = await DeskAsync(ct);
        await using var _ = desk;
        var closed = new TaskCompletionSource<Exception?>();
        desk.Connection.Closed += e =>
        {
            closed.TrySetResult(e);
            return Task.CompletedTask;
        };
        var client = new TestClient(_app, branch);
        var action = client.Register(Guid.NewGuid(), branch.General, "Too large", new { notes = new string('n', (int)SyncApi.MaxPushBytes) });

        await Assert.ThrowsAnyAsync<Exception>(() => desk.PushAsync(ct, action));

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(10), ct);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id, ct)));
    }

    private async Task<(TestBranch Branch, LiveDesk Desk)> DeskAsync(CancellationToken ct)
    {
        var branch = await TestBranch.CreateAsync(_app);
        var login = await TestLogin.CreateAsync(_app, branch, Roles.Desk, branch.Desk1);
        return (branch, await LiveDesk.StartAsync(_app, await login.TokenAsync(_app, ct), branch.Slug, ct));
    }
}

/// <summary>The queue hub has options of its own (its message size): the filters set for every hub still apply to it.</summary>
public sealed class QueueHubRateLimitTests : IAsyncLifetime
{
    private readonly ReceptionApp _app = new(Provider.Sqlite, new Dictionary<string, string?>
    {
        ["Reception:RateLimit:PermitsPerSecond"] = "1",
        ["Reception:RateLimit:Burst"] = "3",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task HubCallsBeyondTheClientsBurstAreRefusedAndTheConnectionStaysOpen()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
        var branch = await TestBranch.CreateAsync(_app);
        var login = await TestLogin.CreateAsync(_app, branch, Roles.Desk, branch.Desk1);
        await using var desk = await LiveDesk.StartAsync(_app, await login.TokenAsync(_app, ct), branch.Slug, ct);

        var refused = await Assert.ThrowsAsync<HubException>(async () =>
        {
            for (var i = 0; i < 20; i++) await desk.Connection.InvokeAsync<string>("Echo", "ping", ct);
        });

        Assert.Contains($"HubException: [{ProblemCodes.RateLimited}] ", refused.Message);
        Assert.Equal(HubConnectionState.Connected, desk.Connection.State);
    }
}
