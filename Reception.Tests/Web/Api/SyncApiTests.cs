using System.Net;
using Microsoft.EntityFrameworkCore;
using Reception.Sync.Feed;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

/// <summary>The REST transport end to end over HTTP, on each provider (subclasses below).</summary>
public abstract class SyncApiTests(ReceptionApp app)
{
    /// <summary>A branch of its own with an API key of its own, as a legacy system of that branch holds.</summary>
    private async Task<(TestBranch Branch, HttpClient Http)> NewBranchAsync()
    {
        var branch = await TestBranch.CreateAsync(app);
        return (branch, app.ClientWith(await app.AddApiKeyAsync(branch.Id)));
    }

    private Task<long> FeedVersionAsync(TestBranch branch) =>
        app.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.FeedVersion).SingleAsync());

    private Task<int> VisitCountAsync(TestBranch branch) =>
        app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id));

    [Fact]
    public async Task RegisterIsAppliedAndTheSameActionAgainIsADuplicateWithTheFirstResult()
    {
        var (branch, http) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var register = device.Register(Guid.NewGuid(), branch.General, "Ada Lovelace");

        var first = (await (await http.PushAsync(branch.Slug, register)).ResultsAsync()).Single();
        var again = (await (await http.PushAsync(branch.Slug, register)).ResultsAsync()).Single();

        Assert.Equal((ResultStatus.Applied, 200, 1L), (first.Status, first.Code, first.Version!.Value));
        Assert.Equal(("A-001", "waiting", branch.Slug), (first.Visit!.Ticket, first.Visit.Status, first.Visit.Branch));
        Assert.Equal((ResultStatus.Duplicate, 200), (again.Status, again.Code));
        Assert.Equal(WireJson.Serialize(first), WireJson.Serialize(again.Original));
        Assert.Equal(1, await FeedVersionAsync(branch));
    }

    [Fact]
    public async Task AStaleEditIsAConflictNamingTheFieldAndTheServersValueWhileTheActionsOtherFieldsApply()
    {
        var (branch, http) = await NewBranchAsync();
        var deskA = new TestClient(app, branch);
        var deskB = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        var seen = (await (await http.PushAsync(branch.Slug, deskA.Register(visitId, branch.General, "Marie Curie"))).ResultsAsync())
            .Single().Version!.Value;

        var byA = (await (await http.PushAsync(branch.Slug, deskA.Edit(visitId, seen, new { phone = "+44 20 7946 0000" }))).ResultsAsync()).Single();
        var byB = (await (await http.PushAsync(branch.Slug,
            deskB.Edit(visitId, seen, new { phone = "+33 1 23 45 67 89", notes = "wheelchair" }))).ResultsAsync()).Single();

        Assert.Equal(ResultStatus.Applied, byA.Status);
        Assert.Equal((ResultStatus.Conflict, 409), (byB.Status, byB.Code));
        var conflict = Assert.Single(byB.Conflicts!);
        Assert.Equal("phone", conflict.Field);
        Assert.Equal("+44 20 7946 0000", conflict.ServerValue?.ToString());
        Assert.Equal(byA.Version, conflict.ServerVersion);
        Assert.Equal(("+44 20 7946 0000", "wheelchair"), (byB.Visit!.Phone, byB.Visit.Notes));
        var stored = await app.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == visitId));
        Assert.Equal(("+44 20 7946 0000", "wheelchair"), (stored.Phone, stored.Notes));
    }

    [Fact]
    public async Task ReinstateOverRestPutsANoShowBackAndRefusesADoneVisitWith422AndItsReasonCode()
    {
        var (branch, http) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var (ada, grace) = (Guid.NewGuid(), Guid.NewGuid());
        await (await http.PushAsync(branch.Slug, device.Register(ada, branch.General, "Ada"), device.Next(ActionTypes.NoShow, ada),
            device.Register(grace, branch.General, "Grace"), device.Call(grace, branch.Desk1),
            device.Next(ActionTypes.StartService, grace, new { deskId = branch.Desk1 }), device.Next(ActionTypes.Complete, grace)))
            .ResultsAsync();

        var back = await (await http.PushOneAsync(branch.Slug, device.Next(ActionTypes.Reinstate, ada))).BodyAsync<ActionResult>();
        var refused = await (await http.PushOneAsync(branch.Slug, device.Next(ActionTypes.Reinstate, grace)))
            .BodyAsync<ActionResult>(HttpStatusCode.UnprocessableEntity);

        Assert.Equal((ResultStatus.Applied, "waiting"), (back.Status, back.Visit!.Status));
        Assert.NotNull(back.Visit.ReinstatedAt);
        Assert.Equal((ResultStatus.Rejected, "reinstate-done"), (refused.Status, refused.ReasonCode));
    }

    [Fact]
    public async Task AnInvalidTransitionIsAConflictWithTheCurrentStatus()
    {
        var (branch, http) = await NewBranchAsync();
        var deskA = new TestClient(app, branch);
        var deskB = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        var served = await (await http.PushAsync(branch.Slug, deskA.Register(visitId, branch.General, "Rosalind Franklin"),
            deskA.Call(visitId, branch.Desk1), deskA.Next(ActionTypes.StartService, visitId, new { deskId = branch.Desk1 }),
            deskA.Next(ActionTypes.Complete, visitId))).ResultsAsync();
        Assert.All(served, r => Assert.Equal(ResultStatus.Applied, r.Status));

        var call = (await (await http.PushAsync(branch.Slug, deskB.Call(visitId, branch.Desk2))).ResultsAsync()).Single();

        Assert.Equal((ResultStatus.Conflict, 409), (call.Status, call.Code));
        var conflict = Assert.Single(call.Conflicts!);
        Assert.Equal(("status", "done"), (conflict.Field, conflict.ServerValue?.ToString()));
        Assert.Equal("done", call.Visit!.Status);
        Assert.False(string.IsNullOrWhiteSpace(call.Reason));
    }

    [Fact]
    public async Task TheSingleActionEndpointAnswersWithTheResultsCodeAsItsHttpStatus()
    {
        var (branch, http) = await NewBranchAsync();
        var deskA = new TestClient(app, branch);
        var deskB = new TestClient(app, branch);
        var visitId = Guid.NewGuid();

        var registered = await (await http.PushOneAsync(branch.Slug, deskA.Register(visitId, branch.General, "Grace Hopper")))
            .BodyAsync<ActionResult>(HttpStatusCode.OK);
        await (await http.PushOneAsync(branch.Slug, deskA.Call(visitId, branch.Desk1))).BodyAsync<ActionResult>(HttpStatusCode.OK);
        var conflict = await (await http.PushOneAsync(branch.Slug, deskB.Call(visitId, branch.Desk2)))
            .BodyAsync<ActionResult>(HttpStatusCode.Conflict);
        var rejected = await (await http.PushOneAsync(branch.Slug, deskB.Next("teleport", visitId)))
            .BodyAsync<ActionResult>(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(ResultStatus.Applied, registered.Status);
        Assert.Equal((ResultStatus.Conflict, 409, "called"), (conflict.Status, conflict.Code, conflict.Conflicts!.Single().ServerValue?.ToString()));
        Assert.Equal((ResultStatus.Rejected, 422), (rejected.Status, rejected.Code));
        Assert.Contains("Unknown action type 'teleport'", rejected.Reason);
    }

    [Fact]
    public async Task PullSinceZeroIsASnapshotAndPullSinceAVersionIsExactlyTheGapFreeChangesAfterIt()
    {
        var (branch, http) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        await (await http.PushAsync(branch.Slug,
            device.Register(visitId, branch.General, "One"),
            device.Register(Guid.NewGuid(), branch.Billing, "Two"),
            device.Call(visitId, branch.Desk1),
            device.Edit(visitId, 3, new { notes = "at the window" }))).ResultsAsync();

        var snapshot = await (await http.GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=0", ApiHttp.Timeout()))
            .BodyAsync<PullResponse>();
        var after1 = await (await http.GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=1", ApiHttp.Timeout()))
            .BodyAsync<PullResponse>();

        Assert.Equal((branch.Slug, 4L), (snapshot.Branch, snapshot.ToVersion));
        Assert.Null(snapshot.Changes);
        Assert.Equal(2, snapshot.Snapshot!.Visits.Count);
        Assert.Equal(2, snapshot.Snapshot.Services.Count);
        Assert.Equal(3, snapshot.Snapshot.Desks.Count);
        Assert.Contains(snapshot.Notifications, n => n.Kind == "called" && n.Ticket == "A-001");
        Assert.Null(after1.Snapshot);
        Assert.Equal((1L, 4L), (after1.FromVersion!.Value, after1.ToVersion));
        var changes = after1.Changes!;
        Assert.Equal([2L, 3L, 4L], changes.Select(c => c.Version));
        Assert.Equal(device.ClientId, changes[1].ClientId);
        Assert.Equal((3L, "called"), (changes[1].MutationId!.Value, changes[1].Visit.Status));
        Assert.Equal("at the window", changes[2].Visit.Notes);
        Assert.All(changes, c => Assert.Equal("legacy-test", c.By));
        Assert.False(after1.HasMore);
    }

    [Fact]
    public async Task TheQueueListsTheOpenVisitsInQueueOrderWithServicesAndDesks()
    {
        var (branch, http) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var (first, urgent, called, done) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await (await http.PushAsync(branch.Slug,
            device.Register(first, branch.General, "First"),
            device.Register(called, branch.General, "Called"),
            device.Register(done, branch.Billing, "Done"),
            device.Register(urgent, branch.Billing, "Urgent", new { priority = 1 }),
            device.Call(called, branch.Desk1),
            device.Next(ActionTypes.Cancel, done))).ResultsAsync();

        var queue = await (await http.GetAsync($"/api/v1/branches/{branch.Slug}/queue", ApiHttp.Timeout())).BodyAsync<QueueResponse>();

        Assert.Equal(branch.Slug, queue.Branch);
        Assert.Equal(6, queue.Version);
        Assert.Equal([urgent, first, called], queue.Visits.Select(v => v.Id));
        Assert.Equal(["waiting", "waiting", "called"], queue.Visits.Select(v => v.Status));
        Assert.Equal(["General", "Billing"], queue.Services.Select(s => s.Name));
        Assert.Equal(["Desk 1", "Desk 2", "Desk 3"], queue.Desks.Select(d => d.Name));
    }

    [Fact]
    public async Task ADeskLoginOrAKeyOfOneBranchGets403OnAnotherAndNothingIsStored()
    {
        var (branch, _) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var deskOfDemo = app.ClientWith(await app.TokenAsync("desk1"));
        var keyOfDemo = app.ClientWith(ReceptionApp.DemoApiKey);

        foreach (var http in new[] { deskOfDemo, keyOfDemo })
        {
            await (await http.PushAsync(branch.Slug, device.Register(Guid.NewGuid(), branch.General, "Intruder")))
                .ProblemAsync(HttpStatusCode.Forbidden);
            await (await http.PushOneAsync(branch.Slug, device.Register(Guid.NewGuid(), branch.General, "Intruder")))
                .ProblemAsync(HttpStatusCode.Forbidden);
            var pull = await (await http.GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&since=0", ApiHttp.Timeout()))
                .ProblemAsync(HttpStatusCode.Forbidden);
            await (await http.GetAsync($"/api/v1/branches/{branch.Slug}/queue", ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.Forbidden);
            Assert.Contains($"may not use branch '{branch.Slug}'", pull.Detail());
        }

        // Their own branch is fine, and an administrator may use any branch.
        await (await deskOfDemo.GetAsync("/api/v1/branches/demo/queue", ApiHttp.Timeout())).BodyAsync<QueueResponse>();
        await (await keyOfDemo.GetAsync("/api/v1/branches/demo/queue", ApiHttp.Timeout())).BodyAsync<QueueResponse>();
        var admin = app.ClientWith(await app.TokenAsync("admin"));
        await (await admin.GetAsync($"/api/v1/branches/{branch.Slug}/queue", ApiHttp.Timeout())).BodyAsync<QueueResponse>();
        Assert.Equal(0, await VisitCountAsync(branch));
        Assert.Equal(0, await FeedVersionAsync(branch));
    }

    [Fact]
    public async Task EachBadActionOfAnOtherwiseGoodBatchIs422WithAReasonWhileTheOthersApply()
    {
        var (branch, http) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var good = Guid.NewGuid();

        var results = await (await http.PushAsync(branch.Slug,
            device.Register(good, branch.General, "Good"),
            device.Next("teleport", Guid.NewGuid()),
            device.Register(Guid.NewGuid(), branch.General, new string('x', 10_000)),
            device.Register(Guid.NewGuid(), branch.General, "Bell\u0007"),
            device.Register(Guid.NewGuid(), Guid.NewGuid(), "Unknown service"),
            device.Call(good, branch.Desk1))).ResultsAsync();

        Assert.Equal(
            [ResultStatus.Applied, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Applied],
            results.Select(r => r.Status));
        Assert.All(results.Where(r => r.Status == ResultStatus.Rejected), r => Assert.Equal(422, r.Code));
        Assert.Contains("Unknown action type 'teleport'", results[1].Reason);
        Assert.Contains("10000 characters long", results[2].Reason);
        Assert.Contains("control character", results[3].Reason);
        Assert.Contains("no service", results[4].Reason);
        Assert.Equal(1, await VisitCountAsync(branch));
        Assert.Equal(2, await FeedVersionAsync(branch));
    }

    [Fact]
    public async Task ANegativeOrSkippedMutationIdIsRejectedAndAppliesNothing()
    {
        var (branch, http) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var negative = device.Register(Guid.NewGuid(), branch.General, "Negative") with { MutationId = -1 };
        var skipped = device.Register(Guid.NewGuid(), branch.General, "Skipped") with { MutationId = 5 };

        var results = await (await http.PushAsync(branch.Slug, negative, skipped)).ResultsAsync();

        Assert.All(results, r => Assert.Equal((ResultStatus.Rejected, 422), (r.Status, r.Code)));
        Assert.Contains("from 1 up", results[0].Reason);
        Assert.Contains("Expected mutationId 1", results[1].Reason);
        Assert.Equal(0, await VisitCountAsync(branch));
        Assert.Equal(0, await FeedVersionAsync(branch));
    }

    public static TheoryData<string, string, HttpStatusCode, string> BadRequests => new()
    {
        { "malformed JSON", "{\"branch\": \"{slug}\", \"actions\": [{", HttpStatusCode.BadRequest, "not valid JSON" },
        { "wrong shape", "{\"branch\": \"{slug}\", \"actions\": {\"type\": \"register\"}}", HttpStatusCode.BadRequest, "$.actions must be a list" },
        { "an array body", "[1, 2, 3]", HttpStatusCode.BadRequest, "wrong shape" },
        { "an empty batch", "{\"branch\": \"{slug}\", \"actions\": []}", HttpStatusCode.BadRequest, "no actions" },
        { "no actions at all", "{\"branch\": \"{slug}\"}", HttpStatusCode.BadRequest, "no actions" },
        { "a null action", "{\"branch\": \"{slug}\", \"actions\": [null]}", HttpStatusCode.BadRequest, "null action" },
        { "a non-GUID visit id", "{\"branch\": \"{slug}\", \"actions\": [{\"clientId\": \"{client}\", \"mutationId\": 1, \"type\": \"complete\", \"visitId\": \"42\"}]}",
            HttpStatusCode.BadRequest, "$.actions[0].visitId must be an id" },
        { "a non-GUID client id", "{\"branch\": \"{slug}\", \"actions\": [{\"clientId\": \"me\", \"mutationId\": 1, \"type\": \"complete\", \"visitId\": \"{client}\"}]}",
            HttpStatusCode.BadRequest, "$.actions[0].clientId must be an id" },
        { "a text mutation id", "{\"branch\": \"{slug}\", \"actions\": [{\"clientId\": \"{client}\", \"mutationId\": \"1\", \"type\": \"complete\", \"visitId\": \"{client}\"}]}",
            HttpStatusCode.BadRequest, "mutationId must be a whole number" },
        { "no branch", "{\"actions\": [{\"clientId\": \"{client}\", \"mutationId\": 1, \"type\": \"complete\", \"visitId\": \"{client}\"}]}",
            HttpStatusCode.BadRequest, "Name the branch" },
        { "an unknown branch", "{\"branch\": \"no-such-branch\", \"actions\": [{\"clientId\": \"{client}\", \"mutationId\": 1, \"type\": \"complete\", \"visitId\": \"{client}\"}]}",
            HttpStatusCode.NotFound, "There is no branch 'no-such-branch'" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ABadPushIsAClear4xxProblemAndStoresNothing(string what, string json, HttpStatusCode status, string expected)
    {
        var (branch, http) = await NewBranchAsync();
        var clientId = Guid.NewGuid();

        var body = json.Replace("{slug}", branch.Slug).Replace("{client}", clientId.ToString());
        var problem = await (await http.PostJsonAsync("/api/v1/sync/push", body)).ProblemAsync(status);

        Assert.True(problem.Detail().Contains(expected, StringComparison.Ordinal), $"{what}: {problem.Detail()}");
        // The framework's titles, whichever part refused it: a body that did not bind is a validation
        // problem (its errors keyed by JSON path); the engine's refusals carry the status's phrase.
        Assert.Equal(problem.TryGetProperty("errors", out _) ? "One or more validation errors occurred."
            : Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase((int)status), problem.GetProperty("title").GetString());
        Assert.Equal(0, await FeedVersionAsync(branch));
        Assert.False(await app.WithDbAsync(db => db.ClientLedgers.AnyAsync(l => l.ClientId == clientId)));
    }

    [Fact]
    public async Task APushOf501ActionsIs413AndAppliesNone()
    {
        var (branch, http) = await NewBranchAsync();
        var device = new TestClient(app, branch);
        var actions = Enumerable.Range(0, 501).Select(i => device.Register(Guid.NewGuid(), branch.General, $"V{i}")).ToArray();

        var problem = await (await http.PushAsync(branch.Slug, actions)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("at most 500", problem.Detail());
        Assert.Equal("Content Too Large", problem.GetProperty("title").GetString()); // as the 1 MiB limit's
        Assert.Equal(0, await VisitCountAsync(branch));
    }

    [Theory]
    [InlineData("since=99", "ahead of branch")]
    [InlineData("since=-1", "cannot be negative")]
    [InlineData("since=abc", "'since' must be a whole number")]
    public async Task ABadPullIsA400ProblemThatSaysWhatToDo(string query, string expected)
    {
        var (branch, http) = await NewBranchAsync();

        var problem = await (await http.GetAsync($"/api/v1/sync/pull?branch={branch.Slug}&{query}", ApiHttp.Timeout()))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(expected, problem.Detail());
    }

    [Fact]
    public async Task AnUnknownBranchIs404ForEveryRead()
    {
        var http = app.ClientWith(await app.TokenAsync("admin"));

        await (await http.GetAsync("/api/v1/sync/pull?branch=nowhere&since=0", ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.NotFound);
        await (await http.GetAsync("/api/v1/branches/nowhere/queue", ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class SqliteSyncApiTests(SqliteAppFixture fixture) : SyncApiTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresSyncApiTests(PostgresAppFixture fixture) : SyncApiTests(fixture.App), IClassFixture<PostgresAppFixture>;
