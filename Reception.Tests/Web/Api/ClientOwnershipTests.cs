using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

/// <summary>
/// A clientId belongs to the caller that used it first (docs/protocol.md, "clientId ownership"):
/// another desk's login or the branch's API key cannot spend its mutation ids, pre-empt its next
/// action, move its last contact or lease tickets under it, over REST or the hub. Each test is an
/// attack that once worked.
/// </summary>
public abstract class ClientOwnershipTests(ReceptionApp app)
{
    private sealed record Desks(TestBranch Branch, HttpClient Desk1, HttpClient Desk2, TestClient Ids1);

    private async Task<Desks> TwoDesksAsync()
    {
        var branch = await TestBranch.CreateAsync(app);
        var one = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        var two = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk2);
        return new Desks(branch,
            app.ClientWith(await one.TokenAsync(app, ApiHttp.Timeout())),
            app.ClientWith(await two.TokenAsync(app, ApiHttp.Timeout())),
            new TestClient(app, branch));
    }

    private static async Task AssertNotYoursAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(ProblemCodes.ClientNotYours, problem.GetProperty("code").GetString());
        Assert.Equal(ProblemCodes.TypeOf(ProblemCodes.ClientNotYours), problem.GetProperty("type").GetString());
        Assert.Contains("belongs to another login", problem.Detail());
    }

    private Task<ClientLedger?> LedgerAsync(Desks d) =>
        app.WithDbAsync(db => db.ClientLedgers.AsNoTracking().SingleOrDefaultAsync(l => l.ClientId == d.Ids1.ClientId));

    [Fact]
    public async Task AnotherDeskCannotSpendADesksMutationIdsSoItsRegistrationIsStillApplied()
    {
        var d = await TwoDesksAsync();
        (await d.Desk1.PushAsync(d.Branch.Slug, d.Ids1.Register(Guid.NewGuid(), d.Branch.General, "First"))).EnsureSuccessStatusCode();

        // desk2 read desk1's clientId from a pull and spends ids 2–6 under it.
        var forged = Enumerable.Range(0, 5).Select(_ => d.Ids1.Register(Guid.NewGuid(), d.Branch.General, "Forged")).ToArray();
        await AssertNotYoursAsync(await d.Desk2.PushAsync(d.Branch.Slug, forged));
        await AssertNotYoursAsync(await d.Desk2.PushOneAsync(d.Branch.Slug, forged[0]));

        // desk1's real mutation 2 is still its own.
        var ada = forged[0] with { Args = JsonSerializer.SerializeToElement(new { serviceId = d.Branch.General, name = "Ada" }) };
        var result = (await (await d.Desk1.PushAsync(d.Branch.Slug, ada)).ResultsAsync()).Single();
        Assert.Equal((ResultStatus.Applied, 2L), (result.Status, result.MutationId));
        var names = await app.WithDbAsync(db => db.Visits.Where(v => v.BranchId == d.Branch.Id).Select(v => v.Name).ToListAsync());
        Assert.Equal(["Ada", "First"], names.Order());
    }

    [Fact]
    public async Task AnotherDeskCannotPreemptADesksNextActionSoTheRealOneIsAppliedNotADuplicate()
    {
        var d = await TwoDesksAsync();
        var visitId = Guid.NewGuid();
        var registered = (await (await d.Desk1.PushAsync(d.Branch.Slug, d.Ids1.Register(visitId, d.Branch.General, "Grace")))
            .ResultsAsync()).Single();
        var next = d.Ids1.Call(visitId, d.Branch.Desk1);

        // desk2 sends desk1's predictable next action (at a moment it would conflict: desk2 holds the visitor).
        (await d.Desk2.PushAsync(d.Branch.Slug, new TestClient(app, d.Branch).Call(visitId, d.Branch.Desk2))).EnsureSuccessStatusCode();
        await AssertNotYoursAsync(await d.Desk2.PushAsync(d.Branch.Slug, next with { Args = JsonSerializer.SerializeToElement(new { deskId = d.Branch.Desk2 }) }));

        var real = (await (await d.Desk1.PushAsync(d.Branch.Slug, next)).ResultsAsync()).Single();
        Assert.Equal(ResultStatus.Conflict, real.Status); // its own result, not a duplicate of the forgery
        Assert.Equal(2L, (await LedgerAsync(d))!.LastMutationId);
        Assert.Equal(1L, registered.MutationId);
    }

    [Fact]
    public async Task AnotherCallersRefusedPushLeavesTheDesksLastContactWhereItWas()
    {
        var d = await TwoDesksAsync();
        (await d.Desk1.PushAsync(d.Branch.Slug, d.Ids1.Register(Guid.NewGuid(), d.Branch.General, "Katherine"))).EnsureSuccessStatusCode();
        var before = (await LedgerAsync(d))!;
        var apiKey = app.ClientWith(await app.AddApiKeyAsync(d.Branch.Id));

        await AssertNotYoursAsync(await d.Desk2.PushAsync(d.Branch.Slug, d.Ids1.Register(Guid.NewGuid(), d.Branch.General, "Forged")));
        await AssertNotYoursAsync(await apiKey.PushAsync(d.Branch.Slug, d.Ids1.Register(Guid.NewGuid(), d.Branch.General, "Forged")));

        var after = (await LedgerAsync(d))!;
        Assert.Equal((before.LastMutationId, before.LastContactAt), (after.LastMutationId, after.LastContactAt));
    }

    [Fact]
    public async Task APushMixingTheCallersOwnClientWithAnothersIsRefusedAsAWholeAndAppliesNothing()
    {
        var d = await TwoDesksAsync();
        (await d.Desk1.PushAsync(d.Branch.Slug, d.Ids1.Register(Guid.NewGuid(), d.Branch.General, "Owner"))).EnsureSuccessStatusCode();
        var own = new TestClient(app, d.Branch);

        await AssertNotYoursAsync(await d.Desk2.PushAsync(d.Branch.Slug,
            own.Register(Guid.NewGuid(), d.Branch.General, "Mine"), d.Ids1.Register(Guid.NewGuid(), d.Branch.General, "Theirs")));

        Assert.Equal(1, await app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == d.Branch.Id)));
        Assert.Equal(0, await app.WithDbAsync(db => db.ClientLedgers.CountAsync(l => l.ClientId == own.ClientId)));
    }

    [Fact]
    public async Task OverTheHubAnotherDeskIsRefusedWithACodeAndCannotLeaseTicketsUnderTheClientId()
    {
        var ct = ApiHttp.Timeout();
        var branch = await TestBranch.CreateAsync(app);
        var one = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1);
        var two = await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk2);
        await using var desk1 = await LiveDesk.StartAsync(app, await one.TokenAsync(app, ct), branch.Slug, ct);
        await using var desk2 = await LiveDesk.StartAsync(app, await two.TokenAsync(app, ct), branch.Slug, ct);
        var ids = new TestClient(app, branch);
        Assert.Equal(ResultStatus.Applied,
            (await desk1.PushAsync(ct, ids.Register(Guid.NewGuid(), branch.General, "Hedy"))).Results.Single().Status);

        var forged = ids.Register(Guid.NewGuid(), branch.General, "Forged");
        var push = await Assert.ThrowsAsync<HubException>(() => desk2.PushAsync(ct, forged));
        var lease = await Assert.ThrowsAsync<HubException>(() => desk2.Connection.InvokeAsync<object>("LeaseTickets",
            new { branch = branch.Slug, clientId = ids.ClientId, serviceId = branch.General, count = 5 }, ct));

        // The client library puts its own words before the server's: the code starts the server's message.
        Assert.Contains($"HubException: [{ProblemCodes.ClientNotYours}] ", push.Message);
        Assert.Contains($"HubException: [{ProblemCodes.ClientNotYours}] ", lease.Message);
        Assert.Equal(0, await app.WithDbAsync(db => db.TicketLeases.CountAsync(l => l.ClientId == ids.ClientId)));
        var again = forged with { VisitId = Guid.NewGuid(), Args = JsonSerializer.SerializeToElement(new { serviceId = branch.General, name = "Lise" }) };
        Assert.Equal((ResultStatus.Applied, 2L), ((await desk1.PushAsync(ct, again)).Results.Single() is var r ? (r.Status, r.MutationId) : default));
    }
}

public sealed class SqliteClientOwnershipTests(SqliteAppFixture fixture) : ClientOwnershipTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresClientOwnershipTests(PostgresAppFixture fixture) : ClientOwnershipTests(fixture.App), IClassFixture<PostgresAppFixture>;

/// <summary>
/// The same attack while the database fails transiently: both requests used to be told "deferred",
/// only the attacker's row was stored, and the desk dropped its own action as settled.
/// </summary>
public abstract class ClientOwnershipInboxTests(Provider provider) : IAsyncLifetime
{
    private readonly FaultInjector _faults = new();
    private ReceptionApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new ReceptionApp(provider, services: s => s.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>(_faults));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task WhileTheDatabaseFailsOnlyTheOwnersActionIsDeferredAndAReusedIdWithAnotherPayloadIsRejected()
    {
        var branch = await TestBranch.CreateAsync(_app);
        var desk1 = _app.ClientWith(await (await TestLogin.CreateAsync(_app, branch, Roles.Desk, branch.Desk1)).TokenAsync(_app, ApiHttp.Timeout()));
        var desk2 = _app.ClientWith(await (await TestLogin.CreateAsync(_app, branch, Roles.Desk, branch.Desk2)).TokenAsync(_app, ApiHttp.Timeout()));
        var ids = new TestClient(_app, branch);
        (await desk1.PushAsync(branch.Slug, ids.Register(Guid.NewGuid(), branch.General, "First"))).EnsureSuccessStatusCode();
        var ada = ids.Register(Guid.NewGuid(), branch.General, "Ada");
        var forged = ada with { VisitId = Guid.NewGuid(), Args = JsonSerializer.SerializeToElement(new { serviceId = branch.General, name = "Forged" }) };

        _faults.FailNext(2); // the owner's push and the first background attempt
        var deferred = (await (await desk1.PushAsync(branch.Slug, ada)).ResultsAsync()).Single();
        var attacker = await desk2.PushAsync(branch.Slug, forged);
        var reused = (await (await desk1.PushAsync(branch.Slug, forged)).ResultsAsync()).Single();

        Assert.Equal(ResultStatus.Deferred, deferred.Status);
        Assert.Equal(HttpStatusCode.Forbidden, attacker.StatusCode);
        Assert.Equal(ResultStatus.Rejected, reused.Status);
        Assert.Contains("already used by this client for a different action", reused.Reason);
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!await _app.WithDbAsync(db => db.Visits.AnyAsync(v => v.Id == ada.VisitId)))
        {
            Assert.True(DateTime.UtcNow < until, "the owner's deferred registration was never applied");
            await Task.Delay(50);
        }

        var change = await _app.WithDbAsync(db => db.Changes.AsNoTracking().SingleAsync(c => c.ClientId == ids.ClientId && c.MutationId == 2));
        Assert.Equal(ada.VisitId, change.VisitId);
        Assert.False(await _app.WithDbAsync(db => db.Visits.AnyAsync(v => v.Id == forged.VisitId)));
    }
}

public sealed class SqliteClientOwnershipInboxTests() : ClientOwnershipInboxTests(Provider.Sqlite);

public sealed class PostgresClientOwnershipInboxTests() : ClientOwnershipInboxTests(Provider.Postgres);
