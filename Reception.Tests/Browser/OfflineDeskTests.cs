using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>The desk in a real Chromium, with the network really taken away (SetOfflineAsync).</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class OfflineDeskTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task OfflineRegistrationsShowLeasedTicketsSurviveAReloadAndReachTheServerExactlyOnce()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var contextA = await browser.NewContextAsync();
        await using var contextB = await browser.NewContextAsync();
        var deskA = await DeskPage.SignInAsync(contextA, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await deskA.WaitReadyForOfflineAsync();
        await deskA.ScreenshotAsync("desk-online");

        await contextA.SetOfflineAsync(true);
        await Expect(deskA.Badge).ToContainTextAsync("Offline");
        await Expect(deskA.CallNext).ToBeDisabledAsync();
        await Expect(deskA.CallNext).ToHaveAttributeAsync("title", NeedsAConnection());

        string[] names = ["Ada Lovelace", "Blaise Pascal", "Grace Hopper"];
        var tickets = new Dictionary<string, string>();
        foreach (var name in names)
        {
            var visit = await deskA.RegisterAsync(name);
            await DeskPage.ExpectSyncAsync(visit, "pending");
            await Expect(visit.Locator(".ticket")).ToHaveTextAsync(LeasedTicket());
            tickets[name] = await visit.Locator(".ticket").InnerTextAsync();
        }

        Assert.Equal(3, tickets.Values.Distinct().Count());
        await Expect(deskA.Badge).ToContainTextAsync("3 to send");
        await deskA.ScreenshotAsync("desk-offline-outbox");

        // The service worker serves the page; IndexedDB still holds the queue and the outbox.
        await deskA.Page.ReloadAsync();
        await deskA.WaitReadyAsync();
        foreach (var name in names)
        {
            await DeskPage.ExpectSyncAsync(deskA.Visit(name), "pending");
            await Expect(deskA.Visit(name).Locator(".ticket")).ToHaveTextAsync(tickets[name]);
        }

        await contextA.SetOfflineAsync(false);
        foreach (var name in names)
        {
            await DeskPage.ExpectSyncAsync(deskA.Visit(name), "synced");
        }

        await Expect(deskA.Badge).ToContainTextAsync("nothing to send");

        var deskB = await DeskPage.SignInAsync(contextB, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk2));
        foreach (var name in names)
        {
            await Expect(deskB.Visit(name)).ToHaveCountAsync(1);
            await Expect(deskB.Visit(name).Locator(".ticket")).ToHaveTextAsync(tickets[name]);
        }

        var stored = await App.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id)
            .Select(v => new { v.Name, v.Ticket }).ToListAsync());
        Assert.Equal(names.Order(), stored.Select(v => v.Name).Order());
        Assert.All(stored, v => Assert.Equal(tickets[v.Name], v.Ticket));
    }

    [Fact]
    public async Task TwoTabsOfOneDeskWithPendingActionsComingOnlineApplyEveryActionExactlyOnce()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var (leader, follower) = await TwoTabsAsync(context, branch);
        var takeOver = TakeOver(follower);

        await context.SetOfflineAsync(true);
        await leader.RegisterAsync("Tab one first");
        await follower.RegisterAsync("Tab two first");
        await leader.RegisterAsync("Tab one second");
        await follower.RegisterAsync("Tab two second");
        string[] names = ["Tab one first", "Tab two first", "Tab one second", "Tab two second"];
        foreach (var desk in new[] { leader, follower })
        {
            foreach (var name in names) await DeskPage.ExpectSyncAsync(desk.Visit(name), "pending");
            await Expect(desk.Badge).ToContainTextAsync("4 to send");
        }

        await context.SetOfflineAsync(false);
        foreach (var desk in new[] { leader, follower })
        {
            foreach (var name in names) await DeskPage.ExpectSyncAsync(desk.Visit(name), "synced");
        }

        var (visits, changes, records) = await App.WithDbAsync(async db => (
            await db.Visits.Where(v => v.BranchId == branch.Id).Select(v => v.Name).ToListAsync(),
            await db.Changes.CountAsync(c => c.BranchId == branch.Id),
            await db.MutationRecords.Where(r => r.BranchId == branch.Id).Select(r => r.MutationId).ToListAsync()));
        Assert.Equal(names.Order(), visits.Order());
        Assert.Equal(4, changes);
        Assert.Equal([1L, 2, 3, 4], records.Order());

        // The follower takes over; the old leader follows, and its actions still get through.
        await takeOver.ClickAsync();
        await Expect(takeOver).ToBeHiddenAsync();
        await Expect(TakeOver(leader)).ToBeVisibleAsync();
        await follower.WaitOnlineAsync();
        await DeskPage.ExpectSyncAsync(await leader.RegisterAsync("After the take-over"), "synced");
        await DeskPage.ExpectSyncAsync(follower.Visit("After the take-over"), "synced");
    }

    [Fact]
    public async Task WhenTheLeadingTabClosesAnotherTabOfTheDeskLeadsAndSendsTheOutbox()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var (leader, follower) = await TwoTabsAsync(context, branch);
        var takeOver = TakeOver(follower);

        await context.SetOfflineAsync(true);
        await DeskPage.ExpectSyncAsync(await follower.RegisterAsync("Queued in the second tab"), "pending");
        await leader.Page.CloseAsync();

        // The lock passes by itself: the remaining tab leads, and sends what was queued once online.
        await Expect(takeOver).ToBeHiddenAsync();
        await context.SetOfflineAsync(false);
        await DeskPage.ExpectSyncAsync(follower.Visit("Queued in the second tab"), "synced");
        var names = await App.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id).Select(v => v.Name).ToListAsync());
        Assert.Equal(["Queued in the second tab"], names);
    }

    /// <summary>Two tabs of desk 1 in one browser: the first leads, the second follows (and offers to take over).</summary>
    private async Task<(DeskPage Leader, DeskPage Follower)> TwoTabsAsync(IBrowserContext context, TestBranch branch)
    {
        var leader = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await leader.WaitReadyForOfflineAsync();
        var follower = await DeskPage.OpenAsync(context);
        await Expect(TakeOver(follower)).ToBeVisibleAsync();
        await Expect(TakeOver(leader)).ToBeHiddenAsync();
        await follower.WaitOnlineAsync();
        return (leader, follower);
    }

    private static ILocator TakeOver(DeskPage desk) =>
        desk.Page.GetByRole(AriaRole.Button, new() { Name = "Take over this desk" });

    [GeneratedRegex(@"^A-\d{3}$")]
    private static partial Regex LeasedTicket();

    [GeneratedRegex("needs a connection")]
    private static partial Regex NeedsAConnection();
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    // Browser test classes run one after another (each with its own app and Chromium): two cores
    // shared with parallel Chromiums make timings flaky.
    public const string Name = "Browser";
}
