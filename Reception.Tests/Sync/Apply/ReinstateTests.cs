using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Merge;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Apply;

/// <summary>Reinstate through the whole pipeline, and conflicts that say who won, on each provider.</summary>
public abstract class ReinstateTests(ReceptionApp app)
{
    private static SyncAction Move(TestClient desk, string type, Guid visitId) => desk.Next(type, visitId);

    private static TestClient DeskLogin(ReceptionApp app, TestBranch branch, string name, Guid deskId) =>
        new(app, branch, new Caller(name, CallerKind.Desk, branch.Id, name + "-" + Guid.NewGuid(), deskId));

    [Fact]
    public async Task ANoShowIsReinstatedWithItsTicketAtTheBackOfTheLineAndASecondReinstateIsANoOp()
    {
        var branch = await TestBranch.CreateAsync(app);
        var deskA = new TestClient(app, branch);
        var deskB = new TestClient(app, branch);
        var (ada, grace) = (Guid.NewGuid(), Guid.NewGuid());
        await deskA.PushAsync(deskA.Register(ada, branch.General, "Ada"), Move(deskA, ActionTypes.NoShow, ada),
            deskA.Register(grace, branch.General, "Grace"));

        var first = await deskA.PushOneAsync(Move(deskA, ActionTypes.Reinstate, ada));
        var second = await deskB.PushOneAsync(Move(deskB, ActionTypes.Reinstate, ada));

        Assert.Equal(ResultStatus.Applied, first.Status);
        Assert.Equal(("waiting", "A-001"), (first.Visit!.Status, first.Visit.Ticket));
        Assert.NotNull(first.Visit.ReinstatedAt);
        Assert.Null(first.Visit.CompletedAt);
        Assert.Equal(ResultStatus.Applied, second.Status);
        Assert.Equal(first.Visit.Version, second.Visit!.Version);   // nothing new: no second change
        var stored = await app.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == ada));
        Assert.Equal(first.Visit.ReinstatedAt, stored.ReinstatedAt);

        // Grace arrived after Ada but before Ada was put back: Grace is called first.
        var called = await deskA.PushOneAsync(deskA.CallNext(branch.Desk1));
        Assert.Equal("Grace", called.Visit!.Name);
    }

    [Fact]
    public async Task AReinstateOfADoneVisitIsRejectedWithItsCodeAndChangesNothing()
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk = new TestClient(app, branch);
        var ada = Guid.NewGuid();
        await desk.PushAsync(desk.Register(ada, branch.General, "Ada"), desk.Call(ada, branch.Desk1),
            desk.Next(ActionTypes.StartService, ada, new { deskId = branch.Desk1 }), Move(desk, ActionTypes.Complete, ada));

        var result = await desk.PushOneAsync(Move(desk, ActionTypes.Reinstate, ada));

        Assert.Equal((ResultStatus.Rejected, 422), (result.Status, result.Code));
        Assert.Equal(ReasonCodes.ReinstateDone, result.ReasonCode);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(VisitStatus.Done, await app.WithDbAsync(db => db.Visits.Where(v => v.Id == ada).Select(v => v.Status).SingleAsync()));
    }

    [Fact]
    public async Task AReinstateOfYesterdaysVisitIsRejectedWithItsCode()
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk = new TestClient(app, branch);
        var ada = Guid.NewGuid();
        await desk.PushAsync(desk.Register(ada, branch.General, "Ada"), Move(desk, ActionTypes.Cancel, ada));
        await app.WithDbAsync(db => db.Visits.Where(v => v.Id == ada)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.TicketDay, v => v.TicketDay.AddDays(-1))));

        var result = await desk.PushOneAsync(Move(desk, ActionTypes.Reinstate, ada));

        Assert.Equal(ResultStatus.Rejected, result.Status);
        Assert.Equal(ReasonCodes.ReinstateOtherDay, result.ReasonCode);
        Assert.Equal(VisitStatus.Cancelled, await app.WithDbAsync(db => db.Visits.Where(v => v.Id == ada).Select(v => v.Status).SingleAsync()));
    }

    [Fact]
    public async Task AConflictNamesTheLoginAndTheDeskThatMadeTheWinningChange()
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk1 = DeskLogin(app, branch, "desk1", branch.Desk1);
        var desk2 = DeskLogin(app, branch, "desk2", branch.Desk2);
        var ada = Guid.NewGuid();
        var seen = (await desk1.PushOneAsync(desk1.Register(ada, branch.General, "Ada"))).Version!.Value;

        var won = await desk1.PushOneAsync(desk1.Edit(ada, seen, new { phone = "+44 1" }));
        var lost = await desk2.PushOneAsync(desk2.Edit(ada, seen, new { phone = "+44 2" }));
        var feed = await desk2.PullAsync(seen);

        Assert.Equal(ResultStatus.Applied, won.Status);
        var conflict = Assert.Single(lost.Conflicts!);
        Assert.Equal(("phone", "desk1", "Desk 1"), (conflict.Field, conflict.By, conflict.ByDesk));
        Assert.Equal(branch.Desk1, Assert.Single(feed.Changes!).DeskId);
    }
}

public sealed class SqliteReinstateTests(SqliteAppFixture fixture) : ReinstateTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresReinstateTests(PostgresAppFixture fixture) : ReinstateTests(fixture.App), IClassFixture<PostgresAppFixture>;
