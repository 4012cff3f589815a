using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

public sealed partial class OfflineDeskTests
{
    [Fact]
    public async Task ACallNextThatCouldNotBeSentForMinutesCallsNoOneAndTellsTheReceptionistToPressAgain()
    {
        var branch = await TestBranch.CreateAsync(App);
        var registrar = new TestClient(App, branch);
        var visitId = Guid.NewGuid();
        await registrar.PushOneAsync(registrar.Register(visitId, branch.General, "Not called late"));
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitReadyForOfflineAsync();
        await Expect(desk.Visit("Not called late")).ToHaveCountAsync(1);

        // Call next pressed just as the network went, so that the page still took it (once it knows it
        // is offline the button is disabled): queued as the button queues it, then left five minutes.
        await context.SetOfflineAsync(true);
        await Expect(desk.Badge).ToContainTextAsync("Offline");
        await desk.Page.EvaluateAsync("""
            async () => {
              const config = JSON.parse(document.getElementById('desk-config').textContent);
              const owner = `${config.branch}/${config.user}`;
              const { enqueue } = await import('/js/outbox.js');
              const { cache } = await import('/js/db.js');
              const record = await enqueue(owner, config.branch, { type: 'callNext', visitId: null, args: { deskId: config.deskId }, label: 'Call next' });
              if (!record.args.queuedAt) throw new Error('callNext was queued without queuedAt');
              const db = await cache();
              record.args.queuedAt = new Date(Date.now() - 5 * 60_000).toISOString();
              await db.put('pendingActions', record);
            }
            """);

        await context.SetOfflineAsync(false);

        var attention = desk.Page.Locator("#attention");
        await Expect(attention).ToBeVisibleAsync();
        await Expect(attention.GetByRole(Microsoft.Playwright.AriaRole.Group, new() { Name = "Refused: could not call next", Exact = true }))
            .ToContainTextAsync("Refused: could not call next: Call next was pressed 5 minutes before it could reach the server");
        await Expect(attention).ToContainTextAsync("so no one was called. Press Call next again if the desk is free.");
        await Expect(desk.Badge).ToContainTextAsync("nothing to send");
        await DeskPage.ExpectSyncAsync(desk.Visit("Not called late"), "synced");
        await desk.ScreenshotAsync("desk-stale-call-next");
        Assert.Equal(VisitStatus.Waiting,
            await App.WithDbAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.Status).SingleAsync()));

        // Pressed again, online: it calls the visitor.
        await desk.CallNext.ClickAsync();
        await Expect(desk.Page.Locator("#messages")).ToContainTextAsync("Called");
        await Expect(desk.Visit("Not called late")).ToContainTextAsync("Called");
    }
}
