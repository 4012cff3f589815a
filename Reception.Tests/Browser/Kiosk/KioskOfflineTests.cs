using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Kiosk;

/// <summary>
/// The kiosk when the network fails it: a reload with the network down (the service worker's copy of
/// its page), and a push whose answer never comes back. Every visitor told a number holds a real one.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class KioskOfflineTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private const string Registered = "You are registered; your place will appear on the screen shortly.";

    private ReceptionApp App => browser.App;

    [Fact]
    public async Task AKioskReloadedOfflineComesBackWithItsOutboxAndEveryTicketReachesTheServerOnceWithTheNumberShown()
    {
        var branch = await TestBranch.CreateAsync(App);
        var other = await TestBranch.CreateAsync(App);
        var token = await KioskScreen.TokenAsync(App, branch);
        var otherToken = await KioskScreen.TokenAsync(App, other);
        await using var kioskContext = await KioskScreen.ContextAsync(browser);
        var kiosk = await KioskScreen.OpenAsync(kioskContext, branch, token);
        await WaitReadyForOfflineAsync(kiosk);

        var shown = new Dictionary<string, string> { ["Online 1"] = await kiosk.CheckInAsync("General", "Online 1") };
        await Expect(kiosk.Page.Locator("#ticket-qr")).ToBeVisibleAsync();
        await DoneAsync(kiosk);

        await GoOfflineAsync(kioskContext, kiosk);
        shown["Offline 1"] = await CheckInOfflineAsync(kiosk, "General", "Offline 1");
        Assert.Empty(await kiosk.AccessibilityViolationsAsync());
        await kiosk.ScreenshotBothSizesAsync("ticket-offline");
        await DoneAsync(kiosk);
        shown["Offline 2"] = await CheckInOfflineAsync(kiosk, "Billing", "Offline 2");
        await DoneAsync(kiosk);
        await Expect(kiosk.Page.Locator("#kiosk[data-unsent='2']")).ToBeAttachedAsync();

        // The tablet reloads with the network still down: the service worker gives back the page, and
        // IndexedDB the unsent registers and the leased numbers left.
        await kiosk.Page.ReloadAsync();
        await Expect(kiosk.Page.Locator("#kiosk[data-ready='true']")).ToBeAttachedAsync();
        await Expect(kiosk.Page.Locator("#kiosk[data-unsent='2']")).ToBeAttachedAsync();
        await Expect(kiosk.Page.Locator("#kiosk[data-tickets='7']")).ToBeAttachedAsync();
        await Expect(kiosk.Page.Locator(".kiosk-service")).ToHaveTextAsync(["General", "Billing"]);
        Assert.Empty(await kiosk.AccessibilityViolationsAsync());
        await kiosk.ScreenshotBothSizesAsync("start-offline-reloaded");
        shown["Offline 3"] = await CheckInOfflineAsync(kiosk, "General", "Offline 3");
        await DoneAsync(kiosk);
        await Expect(kiosk.Page.Locator("#kiosk[data-unsent='3']")).ToBeAttachedAsync();
        Assert.Equal(4, shown.Values.Distinct().Count());
        Assert.Equal(1, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));

        // The copy is this link's only: another branch's kiosk link offline gets no page.
        var elsewhere = await kioskContext.NewPageAsync();
        await Assert.ThrowsAnyAsync<PlaywrightException>(() => elsewhere.GotoAsync($"/kiosk/{other.Slug}?token={Uri.EscapeDataString(otherToken)}"));
        await elsewhere.CloseAsync();

        await kioskContext.UnrouteAllAsync();
        await kioskContext.SetOfflineAsync(false);
        await Expect(kiosk.Page.Locator("#kiosk[data-unsent='0']")).ToBeAttachedAsync(new() { Timeout = 30_000 });
        var stored = await App.WithDbAsync(db => db.Visits.AsNoTracking().Where(v => v.BranchId == branch.Id)
            .Select(v => new { v.Name, v.Ticket, v.Channel }).ToListAsync());
        Assert.Equal(shown.Keys.Order(), stored.Select(v => v.Name).Order());
        Assert.All(stored, v => Assert.Equal((shown[v.Name], VisitChannel.Kiosk), (v.Ticket, v.Channel)));

        // A desk sees each of them once, with the number the visitor holds.
        await using var deskContext = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        foreach (var (name, ticket) in shown)
        {
            await Expect(desk.Visit(name)).ToHaveCountAsync(1);
            await Expect(desk.Visit(name).Locator(".ticket")).ToHaveTextAsync(ticket);
        }
    }

    [Fact]
    public async Task ARevokedKioskReloadedOfflineSwitchesOffOnceOnlineAndKeepsNoCopyOfItsPage()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await KioskScreen.TokenAsync(App, branch);
        await using var kioskContext = await KioskScreen.ContextAsync(browser);
        var kiosk = await KioskScreen.OpenAsync(kioskContext, branch, token);
        await WaitReadyForOfflineAsync(kiosk);

        await kioskContext.SetOfflineAsync(true);
        await App.WithDbAsync(db => db.KioskTokens.Where(t => t.BranchId == branch.Id)
            .ExecuteUpdateAsync(t => t.SetProperty(x => x.RevokedAt, DateTime.UtcNow)));
        await kiosk.Page.ReloadAsync();
        await Expect(kiosk.Page.Locator("#kiosk[data-ready='true']")).ToBeAttachedAsync();

        await kioskContext.SetOfflineAsync(false);
        await Expect(kiosk.SwitchedOff).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var response = await kiosk.Page.ReloadAsync();
        Assert.Equal(403, response!.Status);
        await Expect(kiosk.SwitchedOff).ToBeVisibleAsync();

        await kioskContext.SetOfflineAsync(true);
        await Assert.ThrowsAnyAsync<PlaywrightException>(() => kiosk.Page.ReloadAsync());
    }

    [Fact]
    public async Task APushWhoseAnswerNeverComesBackGivesTheVisitorTheLeasedNumberAndTheQueueExactlyOneVisit()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await KioskScreen.TokenAsync(App, branch);
        await using var kioskContext = await KioskScreen.ContextAsync(browser);
        await kioskContext.Clock.InstallAsync(); // runs by itself; the ten seconds before starting over are skipped
        var kiosk = await KioskScreen.OpenAsync(kioskContext, branch, token);
        await Expect(kiosk.Page.Locator("#kiosk[data-tickets='10']")).ToBeAttachedAsync();
        var swallow = true;
        var lost = 0;
        await kiosk.Page.RouteAsync("**/push", async route =>
        {
            if (!Volatile.Read(ref swallow))
            {
                await route.ContinueAsync();
                return;
            }

            // The push reaches the server; its answer is lost on the way back.
            var answer = await route.FetchAsync();
            Assert.Equal(200, answer.Status);
            Interlocked.Increment(ref lost);
            await route.AbortAsync();
        });

        var ticket = await CheckInOfflineAsync(kiosk, "General", "Grace Hopper");
        Assert.Matches("^A-5\\d\\d$", ticket);
        await kiosk.ScreenshotBothSizesAsync("ticket-no-answer");
        await Expect(kiosk.Page.Locator("#kiosk[data-unsent='1']")).ToBeAttachedAsync();

        // The server has the visitor once, with the number on the screen, however often it was sent.
        await WaitForAsync(() => Volatile.Read(ref lost) >= 2);
        var visit = await App.WithDbAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.BranchId == branch.Id));
        Assert.Equal(("Grace Hopper", ticket), (visit.Name, visit.Ticket));

        // Answers come back: the kiosk hears "duplicate", empties its outbox, and the queue still holds one visit.
        Volatile.Write(ref swallow, false);
        await Expect(kiosk.Page.Locator("#kiosk[data-unsent='0']")).ToBeAttachedAsync(new() { Timeout = 30_000 });
        visit = await App.WithDbAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.BranchId == branch.Id));
        Assert.Equal(("Grace Hopper", ticket), (visit.Name, visit.Ticket));

        // The next visitor (once the kiosk has started over by itself), with answers flowing again, gets
        // the server's answer and its QR code.
        await kiosk.Page.Clock.FastForwardAsync(10_000);
        await Expect(kiosk.Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome! What are you here for?" })).ToBeVisibleAsync();
        var next = await kiosk.CheckInAsync("General", "Alan Turing");
        await Expect(kiosk.Page.Locator("#ticket-qr")).ToBeVisibleAsync();
        Assert.NotEqual(ticket, next);
        Assert.Equal(2, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));
    }

    /// <summary>
    /// Takes the tablet off the network, and waits until its page knows. Chromium's offline emulation
    /// once let a register sent just after it through to the server (one run in many), so the test
    /// also refuses the kiosk's pushes itself: not one register reaches the server until it is back.
    /// </summary>
    private static async Task GoOfflineAsync(IBrowserContext context, KioskScreen kiosk)
    {
        await context.RouteAsync("**/push", route => route.AbortAsync("internetdisconnected"));
        await context.SetOfflineAsync(true);
        await kiosk.Page.WaitForFunctionAsync("() => !navigator.onLine");
    }

    private static async Task WaitReadyForOfflineAsync(KioskScreen kiosk)
    {
        await Expect(kiosk.Page.Locator("#kiosk[data-tickets='10']")).ToBeAttachedAsync();   // 5 leased per service
        await Expect(kiosk.Page.Locator("html[data-offline-ready='true']")).ToBeAttachedAsync(new() { Timeout = 30_000 });
    }

    /// <summary>Checks in and expects the leased number with the offline message, and no QR code.</summary>
    private static async Task<string> CheckInOfflineAsync(KioskScreen kiosk, string service, string name)
    {
        var ticket = await kiosk.CheckInAsync(service, name);
        await Expect(kiosk.Page.GetByText(Registered)).ToBeVisibleAsync();
        await Expect(kiosk.Page.Locator("#ticket-qr")).ToBeHiddenAsync();
        Assert.Matches(new Regex("^[AB]-5\\d\\d$"), ticket);
        return ticket;
    }

    private static Task DoneAsync(KioskScreen kiosk) => kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).TapAsync();

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(100, timeout.Token);
        }
    }
}
