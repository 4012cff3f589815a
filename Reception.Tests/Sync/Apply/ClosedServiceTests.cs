using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reception.Sync.Feed;
using Reception.Sync.Merge;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Apply;

/// <summary>
/// A closed service: its waiting visitors stay in the snapshot (listed under its closed services),
/// no one is called from it, by callNext or by call, and a transfer to an open service works. On each provider.
/// </summary>
public abstract class ClosedServiceTests(ReceptionApp app)
{
    private Task CloseAsync(Guid serviceId, bool open = false) =>
        app.WithDbAsync(db => db.Services.Where(s => s.Id == serviceId).ExecuteUpdateAsync(s => s.SetProperty(x => x.IsActive, open)));

    /// <summary>Closes the service as the admin page does: the table, then the announcement (which also drops the cached catalog).</summary>
    private async Task CloseAndAnnounceAsync(TestBranch branch, Guid serviceId, bool open = false)
    {
        await CloseAsync(serviceId, open);
        await using var scope = app.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<IMediator>().Send(new AnnounceCatalog(branch.Id)));
    }

    [Fact]
    public async Task CallNextNeverCallsFromAClosedServiceEvenWhenItsVisitorArrivedFirst()
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk = new TestClient(app, branch);
        var early = Guid.NewGuid();
        var later = Guid.NewGuid();
        await desk.PushAsync(desk.Register(early, branch.General, "Early"), desk.Register(later, branch.Billing, "Later"));
        await CloseAsync(branch.General);   // no announcement: the rule must not wait for any cache to expire

        var next = await desk.PushOneAsync(desk.CallNext(branch.Desk1));
        var nobody = await desk.PushOneAsync(desk.CallNext(branch.Desk1));

        Assert.Equal(ResultStatus.Applied, next.Status);
        Assert.Equal(later, next.Visit!.Id);
        Assert.Null(nobody.Visit);
        Assert.Equal("No one is waiting for this desk's open services.", nobody.Reason);
        Assert.Equal("waiting", (await app.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == early))).Status.ToString().ToLowerInvariant());
    }

    [Fact]
    public async Task CallingAVisitorOfAClosedServiceIsRejectedWithAMachineCodeAndATransferMakesThemCallable()
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk = new TestClient(app, branch);
        var visit = Guid.NewGuid();
        await desk.PushOneAsync(desk.Register(visit, branch.General, "Ada"));
        await CloseAndAnnounceAsync(branch, branch.General);

        var call = await desk.PushOneAsync(desk.Call(visit, branch.Desk1));
        var register = await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, "Alan"));
        var transfer = await desk.PushOneAsync(desk.Next(ActionTypes.Transfer, visit, new { serviceId = branch.Billing }));
        var again = await desk.PushOneAsync(desk.Call(visit, branch.Desk1));

        Assert.Equal(ResultStatus.Rejected, call.Status);
        Assert.Equal(422, call.Code);
        Assert.Equal(ReasonCodes.ServiceClosed, call.ReasonCode);
        Assert.Contains("closed", call.Reason, StringComparison.Ordinal);
        Assert.Equal(ReasonCodes.ServiceClosed, register.ReasonCode);
        Assert.Equal(ResultStatus.Applied, transfer.Status);
        Assert.Equal(ResultStatus.Applied, again.Status);
        Assert.Equal("called", again.Visit!.Status);
    }

    [Fact]
    public async Task TheSnapshotKeepsAClosedServicesVisitorsAndListsTheServiceAsClosed()
    {
        var branch = await TestBranch.CreateAsync(app);
        var desk = new TestClient(app, branch);
        var visit = Guid.NewGuid();
        await desk.PushOneAsync(desk.Register(visit, branch.General, "Ada"));
        await CloseAndAnnounceAsync(branch, branch.General);

        var closed = (await desk.PullAsync(0)).Snapshot!;
        await CloseAndAnnounceAsync(branch, branch.General, open: true);
        var reopened = (await desk.PullAsync(0)).Snapshot!;

        Assert.Contains(closed.Visits, v => v.Id == visit);
        Assert.Equal([branch.Billing], closed.Services.Select(s => s.Id));
        Assert.Equal([branch.General], closed.ClosedServices.Select(s => s.Id));
        Assert.Equal([branch.General, branch.Billing], reopened.Services.Select(s => s.Id));
        Assert.Empty(reopened.ClosedServices);
    }
}

public sealed class SqliteClosedServiceTests(SqliteAppFixture fixture) : ClosedServiceTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresClosedServiceTests(PostgresAppFixture fixture) : ClosedServiceTests(fixture.App), IClassFixture<PostgresAppFixture>;
