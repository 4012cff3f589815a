using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>"Done today" on the desk, and putting a no-show back in the queue from it, seen by two desks.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DoneTodayTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting until {what}.");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task ANoShowPutBackFromDoneTodayIsWaitingAgainOnThisDeskAndAnother()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var contextA = await browser.NewContextAsync();
        await using var contextB = await browser.NewContextAsync();
        var deskA = await DeskPage.SignInAsync(contextA, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        var deskB = await DeskPage.SignInAsync(contextB, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk2));
        await deskA.WaitOnlineAsync();
        await deskB.WaitOnlineAsync();
        var ada = await deskA.RegisterAsync("Ada Lovelace");
        var id = (await ada.GetAttributeAsync("data-visit-id"))!;
        await DeskPage.ExpectSyncAsync(deskB.VisitById(id), "synced");
        var served = await deskA.RegisterAsync("Grace Hopper");
        await DeskPage.ExpectSyncAsync(served, "synced");   // its ticket is the server's ("A-…" until then)
        var grace = await DeskUndoTests.WhoAsync(served);
        await served.GetByRole(AriaRole.Button, new() { Name = $"Call {grace}" }).ClickAsync();
        await served.GetByRole(AriaRole.Button, new() { Name = $"Start {grace}" }).ClickAsync();
        await served.GetByRole(AriaRole.Button, new() { Name = $"Complete {grace}" }).ClickAsync();

        await DeskPage.ExpectSyncAsync(ada, "synced");
        var who = await DeskUndoTests.WhoAsync(ada);
        await ada.GetByRole(AriaRole.Button, new() { Name = $"No-show {who}" }).ClickAsync();
        await EventuallyAsync(() => App.WithDbAsync(db => db.Visits.AnyAsync(v => v.Id == Guid.Parse(id) && v.Status == VisitStatus.NoShow)),
            "the no-show reached the server");
        await Expect(deskB.VisitById(id)).ToHaveCountAsync(0);

        // Collapsed, it takes one line; opened, it lists both, newest first, and offers "Back in queue" for the no-show only.
        var done = deskA.Page.Locator("#done-today");
        await Expect(done.Locator("summary")).ToContainTextAsync("Done today (2)");
        await done.Locator("summary").ClickAsync();
        var rows = done.Locator(".done-item");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("Ada Lovelace");
        await Expect(rows.Nth(0)).ToContainTextAsync("No-show");
        await Expect(rows.Nth(1)).ToContainTextAsync("Served");
        await Expect(rows.Nth(1).GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await DeskShots.TakeAsync(deskA.Page, "done-today");
        Assert.Empty(await Board.BoardPages.SeriousAccessibilityViolationsAsync(deskA.Page));

        await done.GetByRole(AriaRole.Button, new() { Name = $"Back in queue: {who}" }).ClickAsync();

        await Expect(deskA.VisitById(id).Locator(".status")).ToContainTextAsync("Waiting");
        await Expect(deskA.VisitById(id)).ToHaveAttributeAsync("aria-label", who);   // the same ticket
        await DeskPage.ExpectSyncAsync(deskA.VisitById(id), "synced");
        await Expect(deskB.VisitById(id).Locator(".status")).ToContainTextAsync("Waiting");
        await Expect(done.Locator("summary")).ToContainTextAsync("Done today (1)");
        var stored = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == Guid.Parse(id)));
        Assert.Equal(VisitStatus.Waiting, stored.Status);
        Assert.NotNull(stored.ReinstatedAt);
    }

    [Fact]
    public async Task BackInQueueOfANoShowNotYetSentTakesItBackSoTheServerNeverSeesIt()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitReadyForOfflineAsync();
        var ada = await desk.RegisterAsync("Ada Lovelace");
        await DeskPage.ExpectSyncAsync(ada, "synced");
        var id = (await ada.GetAttributeAsync("data-visit-id"))!;
        var who = await DeskUndoTests.WhoAsync(ada);

        await context.SetOfflineAsync(true);
        await Expect(desk.Badge).ToContainTextAsync("Offline");
        await ada.GetByRole(AriaRole.Button, new() { Name = $"No-show {who}" }).ClickAsync();
        var done = desk.Page.Locator("#done-today");
        await done.Locator("summary").ClickAsync();
        await done.GetByRole(AriaRole.Button, new() { Name = $"Back in queue: {who}" }).ClickAsync();
        await Expect(desk.VisitById(id).Locator(".status")).ToContainTextAsync("Waiting");
        await Expect(done.Locator("summary")).ToContainTextAsync("Done today (0)");

        await context.SetOfflineAsync(false);
        await desk.WaitOnlineAsync();
        await DeskPage.ExpectSyncAsync(await desk.RegisterAsync("Grace Hopper"), "synced");
        Assert.Equal(1, await App.WithDbAsync(db => db.Changes.CountAsync(c => c.VisitId == Guid.Parse(id))));
        Assert.Null((await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == Guid.Parse(id)))).ReinstatedAt);
    }
}
