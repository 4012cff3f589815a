using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Sync.Dashboard;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

public sealed partial class DeskEverydayTests
{
    [Fact]
    public async Task NoOneIsWaitingIsNeverShownWhileVisitorsWaitAndNoticesDoNotPileUp()
    {
        var (_, context, desk) = await OpenDeskAsync(1366, 768, clock: true);
        await using var _ = context;
        var page = desk.Page;
        var general = page.Locator("#queues .queue").First;
        await Expect(general.Locator(".empty")).ToHaveTextAsync("No one is waiting.");

        await desk.CallNext.ClickAsync();
        await Expect(desk.Messages).ToContainTextAsync("No one is waiting for this desk's open services.");

        for (var i = 1; i <= 5; i++) await desk.RegisterAsync($"Waiting {i}");
        await Expect(general.Locator(".count")).ToHaveTextAsync("(5 waiting)");
        await Expect(desk.Messages).Not.ToContainTextAsync("No one is waiting");
        await Expect(general.Locator(".empty")).ToBeHiddenAsync();

        // Four calls: one notice about Call next, the newest, updated in place.
        var ticket = "";
        for (var i = 1; i <= 4; i++)
        {
            await desk.CallNext.ClickAsync();
            await Expect(desk.Messages).ToContainTextAsync($"Waiting {i} to this desk");
            var here = desk.Visit($"Waiting {i}");
            ticket = await here.Locator(".ticket").InnerTextAsync();
            await DeskPage.Button(here, "Start").ClickAsync();
            await DeskPage.Button(here, "Complete").ClickAsync();
            await Expect(here).ToHaveCountAsync(0);
        }
        await Expect(desk.Messages.Locator(".message")).ToHaveCountAsync(1);
        await Expect(desk.Messages).ToContainTextAsync("Waiting 4");
        await Expect(page.Locator("#announcements li")).ToHaveCountAsync(3);
        await Expect(page.Locator("#announcements li").First).ToContainTextAsync(new Regex(@"^\d\d:\d\d " + ticket + " to Desk 1$"));

        // Older than ten seconds, it fades; after twenty it is gone, and the form never moved. (The
        // page's clock is moved on ten seconds at a time rather than waited for.)
        var form = await page.Locator("#register-form").BoundingBoxAsync();
        await page.Clock.FastForwardAsync(10_000);
        await Expect(desk.Messages.Locator(".message.old")).ToHaveCountAsync(1);
        await Expect(desk.Messages.Locator(".message")).ToHaveCountAsync(1);
        await page.Clock.FastForwardAsync(10_000);
        await Expect(desk.Messages.Locator(".message")).ToHaveCountAsync(0);
        Assert.Equal(form!.Y, (await page.Locator("#register-form").BoundingBoxAsync())!.Y);
    }

    [Fact]
    public async Task SyncStateShowsOnlyWhenSomethingIsPendingOrOfflineWithDetailsOneClickAway()
    {
        var (_, context, desk) = await OpenDeskAsync(1366, 768);
        await using var _ = context;
        var page = desk.Page;
        var synced = await desk.RegisterAsync("All is well");
        await DeskPage.ExpectSyncAsync(synced, "synced");
        await Expect(page.GetByText("synced", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(page.Locator("#sync-line")).ToBeHiddenAsync();
        await Expect(desk.Badge).ToContainTextAsync("Online");
        await Expect(desk.Badge.Locator("[data-part='outbox']")).ToBeHiddenAsync();

        await page.GetByText("Sync details").ClickAsync();
        await Expect(page.Locator("#sync-line")).ToBeVisibleAsync();
        await Expect(page.Locator("#sync-line")).ToContainTextAsync("Version held");
        await page.GetByText("Sync details").ClickAsync();
        await Expect(page.Locator("#sync-line")).ToBeHiddenAsync();

        await context.SetOfflineAsync(true);
        await Expect(desk.Badge).ToContainTextAsync("Offline");
        var pending = await desk.RegisterAsync("Kept offline");
        await Expect(pending.Locator(".sync")).ToBeVisibleAsync();
        await DeskPage.ExpectSyncAsync(pending, "pending");
        await Expect(desk.Badge).ToContainTextAsync("1 to send");
        await Expect(page.Locator("#offline-notice")).ToBeVisibleAsync();

        await context.SetOfflineAsync(false);
        await DeskPage.ExpectSyncAsync(pending, "synced");
        await Expect(desk.Badge.Locator("[data-part='outbox']")).ToBeHiddenAsync();
        await Expect(page.Locator("#offline-notice")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task AProvisionalTicketRenumberedAfterSyncIsToldOnTheCardAndInTheNotices()
    {
        var (_, context, desk) = await OpenDeskAsync(1366, 768);
        await using var _ = context;
        await desk.WaitReadyForOfflineAsync();
        await context.SetOfflineAsync(true);
        await Expect(desk.Badge).ToContainTextAsync("Offline");

        // The leased tickets run out; the next visitor gets a provisional one.
        string? provisional = null;
        string? name = null;
        for (var i = 1; provisional is null; i++)
        {
            Assert.True(i <= 30, "no provisional ticket after 30 offline registrations");
            name = $"Offline {i}";
            var ticket = await (await desk.RegisterAsync(name)).Locator(".ticket").InnerTextAsync();
            if (ticket.Contains("-P", StringComparison.Ordinal)) provisional = ticket;
        }

        await context.SetOfflineAsync(false);
        var card = desk.Visit(name!);
        await Expect(card.Locator(".ticket")).Not.ToHaveTextAsync(provisional);
        var issued = await card.Locator(".ticket").InnerTextAsync();
        Assert.Matches(@"^A-\d{3,}$", issued);
        await Expect(card.Locator(".renumbered")).ToHaveTextAsync($"Now {issued} (was {provisional}) — tell the visitor");
        await Expect(desk.Messages).ToContainTextAsync($"Now {issued} (was {provisional}) — tell {name} the new ticket.");
        await ScreenAsync(desk.Page, "desk-renumbered");
    }

    [Fact]
    public async Task TimesOnTheDeskAreTwentyFourHourOnTheBranchClock()
    {
        var branch = await Infrastructure.TestBranch.CreateAsync(App);
        const string zone = "Pacific/Kiritimati";   // UTC+14: never the test machine's clock
        await App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.TimeZoneId, zone)));
        var registrar = new Infrastructure.TestClient(App, branch);
        await registrar.PushOneAsync(registrar.Register(Guid.NewGuid(), branch.General, "Told the time"));
        var arrived = await App.WithDbAsync(db => db.Visits.Where(v => v.Name == "Told the time").Select(v => v.ArrivedAt).SingleAsync());
        await using var context = await browser.NewContextAsync();
        var login = await Infrastructure.TestLogin.CreateAsync(App, branch, Data.Model.Roles.Desk, branch.Desk1);

        var desk = await DeskPage.SignInAsync(context, login);
        var expected = BranchZone.Clock(arrived, zone);
        Assert.Matches(@"^\d\d:\d\d$", expected);
        await Expect(desk.Visit("Told the time")).ToContainTextAsync($"arrived {expected}");

        // The server's first paint says the same (before the page's script takes over).
        var html = await (await context.APIRequest.GetAsync("/desk")).TextAsync();
        Assert.Contains($"arrived {expected}", html);
        Assert.Contains($"\"timeZone\":\"{zone}\"", html);
    }
}
