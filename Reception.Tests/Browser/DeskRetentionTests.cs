using System.Text.Json;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>The desk's IndexedDB keeps no past day: what an earlier day left there is gone when the desk starts.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskRetentionTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private const string PastVisitor = "Quillon Pastday";

    // Two days ago, as the cache would hold it: an ended visit (kept by a newer version than the
    // page's snapshot), this desk's note about it, and the server's announcement naming the visitor.
    private const string LeaveAPastDay = """
        async ({ name }) => {
          const { cache } = await import('/js/db.js');
          const db = await cache();
          const owner = (await db.getAll('metadata')).find(m => m.key.startsWith('client:')).key.slice('client:'.length);
          const branch = owner.split('/')[0];
          const at = new Date(Date.now() - 2 * 24 * 3600 * 1000).toISOString();
          const id = '00000000-0000-4000-8000-00000000c0de';
          const tx = db.transaction(['queueSnapshot', 'notifications'], 'readwrite');
          const snapshot = await tx.objectStore('queueSnapshot').get(branch);
          snapshot.visits[id] = { id, branch, serviceId: snapshot.services[0].id, ticket: 'A-900', name, phone: null, notes: null,
            priority: 0, status: 'done', deskId: null, arrivedAt: at, calledAt: at, startedAt: at, completedAt: at, updatedAt: at,
            version: 1e9, fieldVersions: { name: 1, phone: 1, notes: 1, priority: 1 }, channel: 'desk' };
          await tx.objectStore('queueSnapshot').put(snapshot);
          await tx.objectStore('notifications').put({ key: `owner:${owner}:overwritten:1:name`, scope: `owner:${owner}`, kind: 'info',
            visitId: id, type: 'overwritten', at, reason: `Desk 2 changed the name of A-900 to "${name}".` });
          await tx.objectStore('notifications').put({ key: `branch:${branch}:999999`, scope: `branch:${branch}`, source: 'server',
            id: 999999, kind: 'failed', visitId: id, message: `desk could not register ${name}: the database kept failing.`, at });
          await tx.done;
        }
        """;

    private const string ReadCache = """
        async () => {
          const { cache } = await import('/js/db.js');
          const db = await cache();
          return JSON.stringify({ snapshots: await db.getAll('queueSnapshot'), notes: await db.getAll('notifications') });
        }
        """;

    [Fact]
    public async Task ADeskStartingOnANewDayDropsThePastDaysVisitorsFromItsCacheAndKeepsTodays()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        var today = await desk.RegisterAsync("Tamsin Todaywell");
        await DeskPage.ExpectSyncAsync(today, "synced");
        await desk.Page.EvaluateAsync(LeaveAPastDay, new { name = PastVisitor });
        Assert.Contains(PastVisitor, await desk.Page.EvaluateAsync<string>(ReadCache));

        await desk.Page.ReloadAsync();
        await desk.WaitReadyAsync();

        await Expect(desk.Visit("Tamsin Todaywell")).ToHaveCountAsync(1);
        var cached = await desk.Page.EvaluateAsync<string>(ReadCache);
        Assert.DoesNotContain(PastVisitor, cached);
        Assert.Contains("Tamsin Todaywell", cached);
        using var json = JsonDocument.Parse(cached);
        Assert.Single(json.RootElement.GetProperty("snapshots").EnumerateArray());
        await Expect(desk.Page.GetByText(PastVisitor)).ToHaveCountAsync(0);
    }
}
