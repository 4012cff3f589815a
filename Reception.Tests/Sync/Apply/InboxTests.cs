using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Apply;

/// <summary>Transient failures: the durable inbox, Hangfire's retries, and recovery after a restart.</summary>
public abstract class InboxTests(Provider provider) : IAsyncLifetime
{
    private readonly FaultInjector _faults = new();
    private ReceptionApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new ReceptionApp(provider, services: s => s.AddSingleton<IInterceptor>(_faults));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<T> SendAsync<T>(ICommand<T> command)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }

    private async Task<T> DbAsync<T>(Func<Reception.Data.ReceptionDbContext, Task<T>> work)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<Reception.Data.ReceptionDbContext>());
    }

    // Generous: the retries run on Hangfire's schedule, which a busy CI machine slows down; a pass
    // takes well under a second.
    private async Task EventuallyAsync(Func<Task<bool>> condition, string what, ReceptionApp? app = null)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow >= until)
            {
                Assert.Fail($"Timed out waiting until {what}. Inbox: {await DescribeInboxAsync(app ?? _app)}");
            }

            await Task.Delay(50);
        }
    }

    private static Task<string> DescribeInboxAsync(ReceptionApp app) => app.WithDbAsync(async db =>
        string.Join("; ", (await db.Inbox.AsNoTracking().ToListAsync()).Select(i =>
            $"client {i.ClientId} #{i.MutationId} {i.Status} after {i.Attempts} attempt(s), last error: {i.LastError ?? "none"}")));

    private async Task<(TestBranch Branch, TestClient Desk)> NewDeskAsync()
    {
        _ = _app.Services; // start the host (migrations, Hangfire) before the test's own writes
        var branch = await TestBranch.CreateAsync(_app);
        return (branch, new TestClient(_app, branch));
    }

    private async Task<IReadOnlyList<ActionResult>> PushAsync(TestBranch branch, TestClient desk, params SyncAction[] actions)
    {
        var reply = await SendAsync(new PushActions(branch.Slug, actions, desk.Caller));
        return reply.Value!.Results;
    }

    [Fact]
    public async Task ATransientFailureIsDeferredThenAppliedByTheRetryAndBroadcastWithItsClientAndMutation()
    {
        var (branch, desk) = await NewDeskAsync();
        var committed = new List<ChangesCommitted>();
        using var _ = _app.Services.GetRequiredService<LiveFeed>().Subscribe((c, _) =>
        {
            if (c.BranchId == branch.Id) lock (committed) committed.Add(c);
            return ValueTask.CompletedTask;
        });
        _faults.FailNext(2); // the push and the first background attempt fail

        var result = (await PushAsync(branch, desk, desk.Register(Guid.NewGuid(), branch.General, "Deferred"))).Single();

        Assert.Equal((ResultStatus.Deferred, 202), (result.Status, result.Code));
        await EventuallyAsync(() => Task.FromResult(committed.Count > 0), "the retry applied and published the change");
        // The row is settled by its own statement after the publish: wait for it, not for the broadcast.
        await EventuallyAsync(() => DbAsync(db => db.Inbox.AnyAsync(i => i.ClientId == desk.ClientId && i.Status == InboxStatus.Done)),
            "the retry settled its inbox row");
        var change = committed.Single().Items.Single();
        Assert.Equal((desk.ClientId, 1L), (change.ClientId, change.MutationId));
        Assert.Equal(2, _faults.Injected);
        var row = await DbAsync(db => db.Inbox.AsNoTracking().SingleAsync(i => i.ClientId == desk.ClientId));
        Assert.Equal(InboxStatus.Done, row.Status);
        Assert.Contains("\"applied\"", row.Result);
    }

    [Fact]
    public async Task ARetryThatRunsTwiceStillAppliesTheActionExactlyOnce()
    {
        var (branch, desk) = await NewDeskAsync();
        _faults.FailNext(1);
        var visitId = Guid.NewGuid();
        await PushAsync(branch, desk, desk.Register(visitId, branch.General, "Twice"));
        await EventuallyAsync(() => DbAsync(db => db.Inbox.AnyAsync(i => i.ClientId == desk.ClientId && i.Status == InboxStatus.Done)),
            "the retry applied it and settled the row");

        // A second run of the job that loaded the row before the first one marked it done.
        await DbAsync(db => db.Inbox.Where(i => i.ClientId == desk.ClientId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InboxStatus.Pending)));
        var drained = await SendAsync(new DrainInbox(branch.Id, desk.ClientId));

        Assert.Equal(1, drained);
        Assert.Equal(1, await DbAsync(db => db.Changes.CountAsync(c => c.BranchId == branch.Id)));
        var row = await DbAsync(db => db.Inbox.AsNoTracking().SingleAsync(i => i.ClientId == desk.ClientId));
        Assert.Contains("\"duplicate\"", row.Result);
    }

    [Fact]
    public async Task AClientsLaterActionsQueueBehindItsDeferredOneAndApplyInOrder()
    {
        var (branch, desk) = await NewDeskAsync();
        _faults.FailNext(3);
        var visitId = Guid.NewGuid();

        var first = (await PushAsync(branch, desk, desk.Register(visitId, branch.General, "In order"))).Single();
        var second = (await PushAsync(branch, desk, desk.Call(visitId, branch.Desk1))).Single();

        Assert.Equal(ResultStatus.Deferred, first.Status);
        Assert.Equal(ResultStatus.Deferred, second.Status);
        await EventuallyAsync(() => DbAsync(db => db.Visits.AnyAsync(v => v.Id == visitId && v.Status == VisitStatus.Called)),
            "both actions applied, in order");
        var versions = await DbAsync(db => db.Changes.Where(c => c.BranchId == branch.Id).OrderBy(c => c.Version)
            .Select(c => c.MutationId).ToListAsync());
        Assert.Equal([1L, 2L], versions);
    }

    [Fact]
    public async Task ACallNextKeptInTheInboxLongerThanTheLimitCallsNoOneWhenItIsFinallyApplied()
    {
        var (branch, desk) = await NewDeskAsync();
        var visitId = Guid.NewGuid();
        Assert.Equal(ResultStatus.Applied, (await PushAsync(branch, desk, desk.Register(visitId, branch.General, "Not called late"))).Single().Status);

        // Deferred during an outage five minutes ago (written as Inbox.DeferAsync does; no job knows
        // of it, so only the drain below applies it).
        var callNext = desk.CallNext(branch.Desk1);
        await DbAsync(async db =>
        {
            db.Inbox.Add(new InboxItem
            {
                BranchId = branch.Id, ClientId = desk.ClientId, MutationId = callNext.MutationId,
                Action = WireJson.Serialize(callNext), Caller = WireJson.Serialize(desk.Caller),
                Status = InboxStatus.Pending, CreatedAt = DateTime.UtcNow.AddMinutes(-5),
            });
            return await db.SaveChangesAsync();
        });

        Assert.Equal(1, await SendAsync(new DrainInbox(branch.Id, desk.ClientId)));

        var row = await DbAsync(db => db.Inbox.AsNoTracking().SingleAsync(i => i.ClientId == desk.ClientId));
        var result = WireJson.Deserialize<ActionResult>(row.Result!);
        Assert.Equal((InboxStatus.Done, ResultStatus.Rejected), (row.Status, result.Status));
        Assert.StartsWith("Call next waited 5 minutes before the server could apply it (its database was failing), so no one was called.", result.Reason);
        Assert.Equal(VisitStatus.Waiting, await DbAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.Status).SingleAsync()));
    }

    [Fact]
    public async Task AnActionThatKeepsFailingIsGivenUpVisiblyAndDoesNotJamTheClient()
    {
        var (branch, desk) = await NewDeskAsync();
        _faults.FailNext(1000);
        var stuck = desk.Register(Guid.NewGuid(), branch.General, "Never");
        await PushAsync(branch, desk, stuck);

        // Drain until it is given up: an attempt that fails before it is counted (the fault can hit the
        // read of the row) must not leave the loop short of the last attempt.
        for (var i = 0; i < 10 * DrainInboxHandler.MaxAttempts
            && !await DbAsync(db => db.Inbox.AnyAsync(r => r.ClientId == desk.ClientId && r.Status == InboxStatus.Failed)); i++)
        {
            try
            {
                await SendAsync(new DrainInbox(branch.Id, desk.ClientId));
            }
            catch (Exception e) when (Reception.Data.TransientFailures.IsTransient(e))
            {
                // a failed attempt, as the job would see it
            }
        }

        _faults.FailNext(0);
        await EventuallyAsync(() => DbAsync(db => db.Inbox.AnyAsync(i => i.ClientId == desk.ClientId && i.Status == InboxStatus.Failed)),
            "the action was given up");
        var notification = await DbAsync(db => db.Notifications.SingleAsync(n => n.BranchId == branch.Id && n.Kind == "failed"));
        // The job's own retries run beside the test's drains, so it gives up at the 6th attempt or a later one.
        Assert.Matches($@"^{System.Text.RegularExpressions.Regex.Escape(desk.Caller.Name)} could not register Never: the database kept failing \((6|7|8) attempts\)\. Check it and do it again\.$",
            notification.Message);
        var replay = (await PushAsync(branch, desk, stuck)).Single();
        Assert.Equal(ResultStatus.Rejected, replay.Original!.Status);
        var next = (await PushAsync(branch, desk, desk.Register(Guid.NewGuid(), branch.General, "Next"))).Single();
        Assert.Equal(ResultStatus.Applied, next.Status);
    }

    [Fact]
    public async Task TheSingleActionEndpointAnswers202ForADeferredAction()
    {
        _ = _app.Services;
        using var http = _app.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ReceptionApp.DemoApiKey);
        var pull = await http.GetFromJsonAsync<PullResponse>("/api/v1/sync/pull?branch=demo&since=0", WireJson.Options);
        var service = pull!.Snapshot!.Services.First().Id;
        _faults.FailNext(1);

        var response = await http.PostAsJsonAsync("/api/v1/sync/actions", new
        {
            branch = "demo",
            action = new { clientId = Guid.NewGuid(), mutationId = 1, type = "register", visitId = Guid.NewGuid(), args = new { serviceId = service, name = "Legacy" } },
        });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<ActionResult>(WireJson.Options);
        Assert.Equal(ResultStatus.Deferred, body!.Status);
    }

    [Fact]
    public async Task PendingInboxRowsLeftByAKilledProcessAreAppliedAfterARestart()
    {
        var (branch, desk) = await NewDeskAsync();
        var visitId = Guid.NewGuid();
        var action = desk.Register(visitId, branch.General, "Survivor");
        // What a process that died right after answering "deferred" leaves behind: the row, no job.
        await DbAsync(async db =>
        {
            db.Inbox.Add(new InboxItem
            {
                BranchId = branch.Id, ClientId = desk.ClientId, MutationId = 1, Action = WireJson.Serialize(action),
                Caller = WireJson.Serialize(desk.Caller), Status = InboxStatus.Pending, CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        var database = _app.Database;
        _app.HandOverDatabase();
        await _app.DisposeAsync();
        _app = new ReceptionApp(provider); // what DisposeAsync disposes at the end

        await using var restarted = new ReceptionApp(provider, database: database);
        _ = restarted.Services;

        // The drain applies the action, then marks its row: wait for the mark, not for the visit alone.
        await EventuallyAsync(() => restarted.WithDbAsync(db => db.Inbox.AnyAsync(i => i.ClientId == desk.ClientId && i.Status != InboxStatus.Pending)),
            "the restarted app settled the row", restarted);
        Assert.Equal(InboxStatus.Done, await restarted.WithDbAsync(db => db.Inbox.Where(i => i.ClientId == desk.ClientId).Select(i => i.Status).SingleAsync()));
        Assert.True(await restarted.WithDbAsync(db => db.Visits.AnyAsync(v => v.Id == visitId)), "the row is done but its visit is missing");
        if (provider == Provider.Sqlite)
        {
            restarted.HandOverDatabase();
            await restarted.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(database + suffix);
        }
    }
}

public sealed class SqliteInboxTests() : InboxTests(Provider.Sqlite);

public sealed class PostgresInboxTests() : InboxTests(Provider.Postgres);
