using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Dashboard;
using Reception.Sync.Feed;
using Reception.Sync.Merge;
using Reception.Tests.Infrastructure;
using Reception.Tests.Web.Api;
using Reception.Web.Pages.Desk;

namespace Reception.Tests.Sync.Merge;

/// <summary>
/// Every server reader of the queue orders <see cref="TrickyQueue"/> as <see cref="QueuePlace"/>
/// does, on each provider (subclasses below): the REST queue and callNext's pick in the database,
/// the dashboard and the desk page in memory.
/// </summary>
public abstract class QueueOrderAgreementTests(ReceptionApp app)
{
    /// <summary>
    /// Stored as registration stores them, straight into the table: labels past 999 would take a
    /// thousand registrations, and only a hand-made row can tie with another on everything but its id.
    /// Inserted backwards, so that no tie can come out right by insertion order.
    /// </summary>
    private async Task StoreAsync(TestBranch branch, IEnumerable<TrickyVisit> visits) =>
        await app.WithDbAsync(db =>
        {
            foreach (var v in visits.Reverse())
            {
                db.Visits.Add(new Visit
                {
                    Id = v.Id, BranchId = branch.Id, ServiceId = v.Service == 'A' ? branch.General : branch.Billing,
                    TicketDay = DateOnly.FromDateTime(v.ArrivedAt), TicketNumber = v.IssuedNumber, Ticket = v.Ticket, Name = v.Name,
                    Priority = v.Priority, Status = VisitStatus.Waiting, ArrivedAt = v.ArrivedAt, UpdatedAt = v.ArrivedAt,
                });
            }

            return db.SaveChangesAsync(ApiHttp.Timeout());
        });

    [Fact]
    public async Task TheQueueReadTheDashboardTheDeskPageAndCallNextAllOrderTheTrickyQueueAsTheDefinition()
    {
        var branch = await TestBranch.CreateAsync(app);
        var set = TrickyQueue.Issued();
        await StoreAsync(branch, set);
        var expected = set.Select(v => v.Name).ToList();
        var byId = set.ToDictionary(v => v.Id, v => v.Name);
        List<string> Line(char service) => set.Where(v => v.Service == service).Select(v => v.Name).ToList();

        using var http = app.ClientWith(await app.AddApiKeyAsync(branch.Id));
        var queue = await (await http.GetAsync($"/api/v1/branches/{branch.Slug}/queue", ApiHttp.Timeout())).BodyAsync<QueueResponse>();
        Assert.Equal(expected, queue.Visits.Select(v => v.Name));
        // The definition itself, on the times as the database gave them back.
        Assert.Equal(expected, queue.Visits.Reverse().OrderInQueue(v => v.PlaceInQueue()).Select(v => v.Name));

        var dashboard = await app.SendAsync(
            new GetDashboard(branch.Slug, new Caller("manager-" + branch.Slug, CallerKind.Manager, branch.Id)), ApiHttp.Timeout());
        Assert.Null(dashboard.Problem);
        Assert.Equal(Line('A'), dashboard.Value!.Waiting.Where(w => w.ServiceId == branch.General).Select(w => byId[w.Id]));
        Assert.Equal(Line('B'), dashboard.Value.Waiting.Where(w => w.ServiceId == branch.Billing).Select(w => byId[w.Id]));

        var desk = new Caller("desk-" + branch.Slug, CallerKind.Desk, branch.Id, DeskId: branch.Desk1);
        var page = await app.SendAsync(new DeskModel.Query(desk, desk.Name, branch.Desk1.ToString(), null), ApiHttp.Timeout());
        var queues = page.Desk!.Queues().ToDictionary(q => q.Service.Id, q => q.Visits.Select(v => v.Name).ToList());
        Assert.Equal(Line('A'), queues[branch.General]);
        Assert.Equal(Line('B'), queues[branch.Billing]);

        // Desk 1 serves both services: it calls the whole queue, one pick after the other, in one push.
        var client = new TestClient(app, branch);
        var called = await client.PushAsync(set.Select(_ => client.CallNext(branch.Desk1)).ToArray());
        Assert.Equal(expected, called.Select(r => r.Visit?.Name));
    }
}

public sealed class SqliteQueueOrderAgreementTests(SqliteAppFixture fixture)
    : QueueOrderAgreementTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresQueueOrderAgreementTests(PostgresAppFixture fixture)
    : QueueOrderAgreementTests(fixture.App), IClassFixture<PostgresAppFixture>;
