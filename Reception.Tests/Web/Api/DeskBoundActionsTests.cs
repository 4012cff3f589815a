using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

/// <summary>A Desk login acts only at its own desk; managers and API clients at any desk of their branch (docs/protocol.md, "Who may act at which desk").</summary>
public abstract class DeskBoundActionsTests(ReceptionApp app)
{
    [Fact]
    public async Task ADeskLoginCannotCallRecallOrServeForAnotherDesk()
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk1 = app.ClientWith(await (await TestLogin.CreateAsync(app, branch, Roles.Desk, branch.Desk1)).TokenAsync(app, ApiHttp.Timeout()));
        var ids = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        var other = new { deskId = branch.Desk2 };

        var results = await (await desk1.PushAsync(branch.Slug,
            ids.Register(visitId, branch.General, "Ada"),
            ids.CallNext(branch.Desk2),
            ids.Call(visitId, branch.Desk2),
            ids.Call(visitId, branch.Desk1),
            ids.Next(ActionTypes.Recall, visitId, other),
            ids.Next(ActionTypes.StartService, visitId, other),
            ids.Next(ActionTypes.StartService, visitId, new { deskId = branch.Desk1 }))).ResultsAsync();

        Assert.Equal(
            [ResultStatus.Applied, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Applied, ResultStatus.Rejected,
                ResultStatus.Rejected, ResultStatus.Applied],
            results.Select(r => r.Status));
        Assert.All(results.Where(r => r.Status == ResultStatus.Rejected), r => Assert.Contains("works at another desk", r.Reason));
    }

    [Fact]
    public async Task AManagerAndTheBranchsApiClientMayActAtAnyDeskOfTheBranch()
    {
        var branch = await TestBranch.CreateAsync(app);
        var manager = app.ClientWith(await (await TestLogin.CreateAsync(app, branch, Roles.Manager)).TokenAsync(app, ApiHttp.Timeout()));
        var legacy = app.ClientWith(await app.AddApiKeyAsync(branch.Id));
        var byManager = new TestClient(app, branch);
        var byLegacy = new TestClient(app, branch);
        var (ada, grace) = (Guid.NewGuid(), Guid.NewGuid());

        var managed = await (await manager.PushAsync(branch.Slug,
            byManager.Register(ada, branch.General, "Ada"), byManager.Call(ada, branch.Desk2))).ResultsAsync();
        var legacyResults = await (await legacy.PushAsync(branch.Slug,
            byLegacy.Register(grace, branch.General, "Grace"), byLegacy.Call(grace, branch.Desk3))).ResultsAsync();

        Assert.All(managed.Concat(legacyResults), r => Assert.Equal(ResultStatus.Applied, r.Status));
    }
}

public sealed class SqliteDeskBoundActionsTests(SqliteAppFixture fixture) : DeskBoundActionsTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresDeskBoundActionsTests(PostgresAppFixture fixture) : DeskBoundActionsTests(fixture.App), IClassFixture<PostgresAppFixture>;
