using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Reception.Sync.Access;
using Reception.Sync.Dashboard;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Dashboard;

/// <summary>An app whose clock the test moves, so waits and service times are known numbers.</summary>
public abstract class ClockedAppFixture(Provider provider) : IAsyncLifetime
{
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero));

    public ReceptionApp App { get; private set; } = null!;

    public Task InitializeAsync()
    {
        // A small pool whose idle connections close soon: the suite shares one server's max_connections.
        var database = provider == Provider.Postgres
            ? new NpgsqlConnectionStringBuilder(TestPostgres.CreateDatabase()) { MaxPoolSize = 10, ConnectionIdleLifetime = 20 }.ConnectionString
            : null;
        App = new ReceptionApp(provider, database: database, services: s => s.AddSingleton<TimeProvider>(Clock));
        _ = App.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (provider == Provider.Postgres)
        {
            await using var connection = new NpgsqlConnection(App.Database);
            NpgsqlConnection.ClearPool(connection);
        }
    }
}

public sealed class SqliteClockedAppFixture() : ClockedAppFixture(Provider.Sqlite);

public sealed class PostgresClockedAppFixture() : ClockedAppFixture(Provider.Postgres);

/// <summary>The dashboard's queries through the real pipeline and database, on each provider.</summary>
public abstract class DashboardQueriesTests(ClockedAppFixture fixture)
{
    private ReceptionApp App => fixture.App;

    protected FakeTimeProvider Clock => fixture.Clock;

    protected static Caller ManagerOf(TestBranch branch) => new("manager-" + branch.Slug, CallerKind.Manager, branch.Id);

    protected async Task<DashboardDto> DashboardAsync(TestBranch branch, ReceptionApp? app = null)
    {
        var reply = await (app ?? App).SendAsync(new GetDashboard(branch.Slug, ManagerOf(branch)));
        Assert.Null(reply.Problem);
        return reply.Value!;
    }

    [Fact]
    public async Task TheFiguresFollowTheDaysVisitsAndEveryWaitingVisitorGetsAnEstimate()
    {
        var branch = await TestBranch.CreateAsync(App);
        var desk = new TestClient(App, branch, new Caller("desk-1", CallerKind.Desk, branch.Id, DeskId: branch.Desk1));
        Guid served = Guid.NewGuid(), gone = Guid.NewGuid(), first = Guid.NewGuid(), second = Guid.NewGuid();
        await desk.PushAsync(desk.Register(served, branch.General, "Ada"), desk.Register(gone, branch.Billing, "Blaise"));
        Clock.Advance(TimeSpan.FromMinutes(6));
        await desk.PushAsync(desk.Call(served, branch.Desk1), desk.Next("startService", served, new { deskId = branch.Desk1 }));
        Clock.Advance(TimeSpan.FromMinutes(8));
        await desk.PushAsync(desk.Next("complete", served), desk.Next("noShow", gone),
            desk.Register(first, branch.General, "Grace"), desk.Register(second, branch.General, "Alan"));
        Clock.Advance(TimeSpan.FromMinutes(2));

        var d = await DashboardAsync(branch);

        Assert.Equal(new Figures(Waiting: 2, LongestWait: 120, AverageWait: 360, AverageService: 480, Served: 1, NoShows: 1, Arrived: 4),
            d.Totals);
        var general = d.Services.Single(s => s.Id == branch.General);
        Assert.Equal(1, general.OpenDesks);                       // Desk 1 called someone within the hour
        Assert.Equal(1, d.Desks.Single(x => x.Id == branch.Desk1).Served);
        Assert.Equal(4, d.Arrivals.Total.Sum());
        Assert.Equal([first, second], d.Waiting.Select(w => w.Id));
        Assert.Equal([240.0, 720.0], d.Waiting.Select(w => w.EstimatedWait!.Value));   // ½ and 1½ services of 8 min
        Assert.DoesNotContain("Grace", WireJson.Serialize(d));   // tickets only, never names

        var estimates = await App.SendAsync(new GetWaitEstimates(branch.Slug, desk.Caller));
        Assert.Equal(d.Waiting, estimates.Value!.Waiting);        // a desk sees the dashboard's numbers
    }

    [Fact]
    public async Task TheDashboardIsForManagersAndTheirBranchesOnly()
    {
        var branch = await TestBranch.CreateAsync(App);
        var other = await TestBranch.CreateAsync(App);

        var asDesk = await App.SendAsync(new GetDashboard(branch.Slug, new Caller("desk", CallerKind.Desk, branch.Id)));
        var otherBranch = await App.SendAsync(new GetDashboard(other.Slug, ManagerOf(branch)));
        var conflictsAsDesk = await App.SendAsync(new GetConflicts(branch.Slug, new Caller("desk", CallerKind.Desk, branch.Id)));

        Assert.Equal(403, asDesk.Problem?.Status);
        Assert.Equal(403, otherBranch.Problem?.Status);
        Assert.Equal(403, conflictsAsDesk.Problem?.Status);
    }

    [Fact]
    public async Task AConflictIsToldInWordsWithWhichDeskWhichVisitorTheLocalTimeAndWhetherItWasResolved()
    {
        var branch = await TestBranch.CreateAsync(App);
        var deskA = new TestClient(App, branch, new Caller("desk-a", CallerKind.Desk, branch.Id, DeskId: branch.Desk1));
        var deskB = new TestClient(App, branch, new Caller("desk-b", CallerKind.Desk, branch.Id, DeskId: branch.Desk2));
        var visit = Guid.NewGuid();
        var registered = await deskA.PushOneAsync(deskA.Register(visit, branch.General, "Ada", new { phone = "111" }));
        var seen = registered.Visit!;
        var changed = await deskA.PushOneAsync(deskA.Edit(visit, seen.Version, new { phone = "222" }, new() { ["phone"] = seen.FieldVersions.Phone }));
        var conflict = await deskB.PushOneAsync(deskB.Edit(visit, seen.Version, new { phone = "333" }, new() { ["phone"] = seen.FieldVersions.Phone }));
        var called = await deskB.PushOneAsync(deskB.Call(visit, branch.Desk2));
        var calledElsewhere = await deskA.PushOneAsync(deskA.Next("startService", visit, new { deskId = branch.Desk1 }));

        var report = (await App.SendAsync(new GetConflicts(branch.Slug, ManagerOf(branch)))).Value!;

        Assert.Equal(ResultStatus.Conflict, conflict.Status);
        Assert.Equal(ResultStatus.Applied, called.Status);
        Assert.Equal(ResultStatus.Conflict, calledElsewhere.Status);
        Assert.Equal(2, report.Entries.Count);
        var edit = report.Entries.Single(e => e.Action == "updateDetails");
        Assert.Equal(("conflict", "desk-b", "A-001", "Ada"), (edit.Kind, edit.By, edit.Ticket, edit.Visitor));
        Assert.Equal(new FieldValues("phone", "333", "222"), Assert.Single(edit.Fields));
        Assert.Equal("desk-b tried to change A-001 Ada’s phone to “333”.", edit.Tried.English);
        Assert.Equal("desk-a had already changed the phone to “222”.", Sentences(edit.Found));
        Assert.False(edit.Resolved);
        Assert.Contains("The phone is still “222”; desk-b has not re-applied “333”", Sentences(edit.Outcome));
        Assert.Equal(ConflictCodes.FieldOpen, Assert.Single(edit.Outcome).Code);
        Assert.Equal(Clock.GetUtcNow().UtcDateTime, edit.At, TimeSpan.FromSeconds(1));
        Assert.Equal(BranchZone.Clock(edit.At, "UTC"), edit.Time);
        var status = report.Entries.Single(e => e.Action == "startService");
        Assert.Equal("desk-a (at Desk 1)", status.Who.ToString());
        Assert.Equal("desk-a (at Desk 1) tried to start serving A-001 Ada.", status.Tried.English);
        Assert.Equal("Desk 2 had already called A-001.", Sentences(status.Found));
        Assert.Equal(new FieldValues("status", "serving", "called"), Assert.Single(status.Fields));
        Assert.False(status.Resolved);
        Assert.Equal(2, (await DashboardAsync(branch)).Problems);

        // Desk B re-applies its phone ("Re-apply mine" sends the edit again): that conflict is resolved.
        // Desk 2 starts serving: the visit moved on, so the other is resolved too.
        await deskB.PushOneAsync(deskB.Edit(visit, changed.Version!.Value, new { phone = "333" }, new() { ["phone"] = changed.Version!.Value }));
        await deskB.PushOneAsync(deskB.Next("startService", visit, new { deskId = branch.Desk2 }));

        var later = (await App.SendAsync(new GetConflicts(branch.Slug, ManagerOf(branch)))).Value!;
        var reapplied = later.Entries.Single(e => e.Action == "updateDetails");
        Assert.True(reapplied.Resolved, Sentences(reapplied.Outcome));
        Assert.StartsWith("desk-b re-applied the phone “333” at ", Sentences(reapplied.Outcome));
        var movedOn = later.Entries.Single(e => e.Action == "startService");
        Assert.True(movedOn.Resolved, Sentences(movedOn.Outcome));
        Assert.StartsWith("The visit moved on: A-001 is now being served at Desk 2 since ", Sentences(movedOn.Outcome));
    }

    [Fact]
    public async Task ARetryThatGaveUpIsToldInWordsAndResolvedOnceTheVisitIsAsTheDeskWanted()
    {
        var branch = await TestBranch.CreateAsync(App);
        var desk = new TestClient(App, branch, new Caller("desk-b", CallerKind.Desk, branch.Id, DeskId: branch.Desk2));
        var visit = Guid.NewGuid();
        await desk.PushOneAsync(desk.Register(visit, branch.General, "Ada"));
        var lost = desk.Next("noShow", visit);
        await App.WithDbAsync(db =>
        {
            db.Inbox.Add(new Reception.Data.Model.InboxItem
            {
                BranchId = branch.Id, ClientId = desk.ClientId, MutationId = lost.MutationId, Action = WireJson.Serialize(lost),
                Caller = WireJson.Serialize(desk.Caller), Status = Reception.Data.Model.InboxStatus.Failed, Attempts = 5,
                LastError = "timeout", CreatedAt = Clock.GetUtcNow().UtcDateTime, CompletedAt = Clock.GetUtcNow().UtcDateTime,
            });
            return db.SaveChangesAsync();
        });

        var failed = Assert.Single((await App.SendAsync(new GetConflicts(branch.Slug, ManagerOf(branch)))).Value!.Entries);

        Assert.Equal("failed", failed.Kind);
        Assert.Equal("desk-b tried to mark A-001 Ada as a no-show, but it was never saved: the server gave up after trying 5 times.", failed.Tried.English);
        Assert.Equal(ConflictCodes.TriedTimes, failed.Tried.Code);
        Assert.False(failed.Resolved);
        Assert.Equal("A-001 is now waiting in the queue. If desk-b still needs this, do it again at the desk.", Sentences(failed.Outcome));

        var other = new TestClient(App, branch, ManagerOf(branch));   // desk-b's ids stop at the lost one
        await other.PushOneAsync(other.Next("noShow", visit));

        var done = Assert.Single((await App.SendAsync(new GetConflicts(branch.Slug, ManagerOf(branch)))).Value!.Entries);
        Assert.True(done.Resolved);
        Assert.StartsWith("Done since, as desk-b wanted: A-001 is now marked as a no-show at ", Sentences(done.Outcome));
    }

    [Fact]
    public async Task AReportCountsTheRangesVisitsAndExportsThemForTheManagersOwnBranchOnly()
    {
        var branch = await TestBranch.CreateAsync(App);
        var other = await TestBranch.CreateAsync(App);
        var desk = new TestClient(App, branch, ManagerOf(branch));
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await desk.PushAsync(desk.Register(a, branch.General, "Ada"), desk.Register(b, branch.Billing, "Blaise"), desk.Call(a, branch.Desk1));
        Clock.Advance(TimeSpan.FromMinutes(10));
        await desk.PushAsync(desk.Next("startService", a, new { deskId = branch.Desk1 }));
        Clock.Advance(TimeSpan.FromMinutes(5));
        await desk.PushAsync(desk.Next("complete", a), desk.Next("cancel", b));
        var day = Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd");

        var report = (await App.SendAsync(new GetReport(branch.Slug, ManagerOf(branch), day, day))).Value!;
        var file = (await App.SendAsync(new ExportVisits(branch.Slug, ManagerOf(branch), day, day))).Value!;
        var notMine = await App.SendAsync(new ExportVisits(other.Slug, ManagerOf(branch), day, day));
        var reversed = await App.SendAsync(new GetReport(branch.Slug, ManagerOf(branch), day, "2000-01-01"));

        Assert.Equal((2, 1, 0, 1), (report.Totals.Visits, report.Totals.Served, report.Totals.NoShows, report.Totals.Cancelled));
        Assert.Equal(5 * 60, report.Totals.AverageService);
        Assert.Equal(["Desk 1", ReportFigures.NoDesk], report.Desks.Select(d => d.Name));
        Assert.Equal(2, file.Rows);
        Assert.Contains(",A-001,General,Desk 1,served,", System.Text.Encoding.UTF8.GetString(file.Content));
        Assert.Equal(403, notMine.Problem?.Status);
        Assert.Equal(400, reversed.Problem?.Status);
    }

    [Fact]
    public async Task TodaysArrivalsAndTheReportAreSplitByChannelAtADeskKioskPhoneAndOtherSystems()
    {
        var branch = await TestBranch.CreateAsync(App);
        await App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.RemoteJoin, true)));
        var desk = new TestClient(App, branch, new Caller("desk-1", CallerKind.Desk, branch.Id, DeskId: branch.Desk1));
        var kiosk = new TestClient(App, branch, new Caller("Entrance", CallerKind.Kiosk, branch.Id, "kiosk:" + Guid.NewGuid()));
        var api = new TestClient(App, branch, new Caller("legacy", CallerKind.ApiClient, branch.Id, "apiclient:" + Guid.NewGuid()));
        await desk.PushAsync(desk.Register(Guid.NewGuid(), branch.General, "Ada"), desk.Register(Guid.NewGuid(), branch.Billing, "Blaise"));
        await kiosk.PushAsync(kiosk.Register(Guid.NewGuid(), branch.General, "Kim"));
        await api.PushAsync(api.Register(Guid.NewGuid(), branch.General, "Legacy"));
        var joined = await App.SendAsync(new Reception.Sync.Visitors.JoinQueue(branch.Slug, Guid.NewGuid(), branch.General, "Rosa", null, "device", "address"));
        Assert.Equal(Reception.Sync.Visitors.JoinOutcome.Joined, joined.Outcome);
        var day = Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd");

        var d = await DashboardAsync(branch);
        var report = (await App.SendAsync(new GetReport(branch.Slug, ManagerOf(branch), day, day))).Value!;
        var csv = System.Text.Encoding.UTF8.GetString((await App.SendAsync(new ExportVisits(branch.Slug, ManagerOf(branch), day, day))).Value!.Content);

        Assert.Equal([("desk", "At a desk", 2), ("kiosk", "Kiosk", 1), ("remote", "From a phone", 1), ("api", "Other systems", 1)],
            d.Channels.Select(c => (c.Channel, c.Name, c.Arrived)));
        Assert.Equal(d.Totals.Arrived, d.Channels.Sum(c => c.Arrived));
        Assert.Equal([("At a desk", 2), ("Kiosk", 1), ("From a phone", 1), ("Other systems", 1)], report.Channels.Select(c => (c.Name, c.Visits)));
        Assert.Equal([2, 1, 1, 1], Assert.Single(report.Days).Channels.Select(c => c.Arrived));
        Assert.Equal(1, csv.Split("\r\n").Count(line => line.EndsWith(",Kiosk", StringComparison.Ordinal)));
        Assert.Equal(1, csv.Split("\r\n").Count(line => line.EndsWith(",From a phone", StringComparison.Ordinal)));
    }

    /// <summary>The engine's English of an entry's sentences, one after the other, as the page puts them.</summary>
    private static string Sentences(IEnumerable<Words>? sentences) => string.Join(" ", (sentences ?? []).Select(w => w.English));
}

public sealed class SqliteDashboardQueriesTests(SqliteClockedAppFixture fixture)
    : DashboardQueriesTests(fixture), IClassFixture<SqliteClockedAppFixture>;

public sealed class PostgresDashboardQueriesTests(PostgresClockedAppFixture fixture)
    : DashboardQueriesTests(fixture), IClassFixture<PostgresClockedAppFixture>
{
    private readonly PostgresClockedAppFixture _fixture = fixture;

    [Fact]
    public async Task TwoInstancesOnOneDatabaseAnswerTheSameFigures()
    {
        var branch = await TestBranch.CreateAsync(_fixture.App);
        var desk = new TestClient(_fixture.App, branch);
        Guid a = Guid.NewGuid(), b = Guid.NewGuid();
        await desk.PushAsync(desk.Register(a, branch.General, "Ada"), desk.Register(b, branch.Billing, "Blaise"), desk.Call(a, branch.Desk1));
        Clock.Advance(TimeSpan.FromMinutes(3));
        await using var second = new ReceptionApp(Provider.Postgres, database: _fixture.App.Database,
            services: s => s.AddSingleton<TimeProvider>(Clock));

        var fromFirst = await DashboardAsync(branch);
        var fromSecond = await DashboardAsync(branch, second);

        Assert.Equal(WireJson.Serialize(fromFirst), WireJson.Serialize(fromSecond));
    }
}
