using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Board;

/// <summary>The dashboard, the public screen and the administration in a real Chromium against a real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class BoardTests(BrowserApp browser, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    // A manager of the branch: the setup acts at more than one desk, which a Desk login may not.
    private TestClient DeskClient(TestBranch branch) => new(App, branch, new Caller("setup-desk", CallerKind.Manager, branch.Id));

    [Fact]
    public async Task ADeskCompletesAVisitAndTheManagersDashboardFiguresChangeWithoutAReload()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = DeskClient(branch);
        var served = Guid.NewGuid();
        await setup.PushAsync(setup.Register(served, branch.General, "Ada Lovelace"), setup.Register(Guid.NewGuid(), branch.General, "Alan Turing"),
            setup.Register(Guid.NewGuid(), branch.Billing, "Blaise Pascal"), setup.Call(served, branch.Desk1),
            setup.Next("startService", served, new { deskId = branch.Desk1 }));
        await using var managerContext = await browser.NewContextAsync();
        await using var deskContext = await browser.NewContextAsync();
        var dashboard = await BoardPages.DashboardAsync(managerContext, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        await Expect(dashboard.Locator("[data-kpi='served']")).ToHaveTextAsync("0");
        await Expect(dashboard.Locator("[data-kpi='waiting']")).ToHaveTextAsync("2");
        await dashboard.EvaluateAsync("() => { window.__sameDocument = true; }");

        await desk.Visit("Ada Lovelace").Locator("button[data-action='complete']").ClickAsync();

        await Expect(dashboard.Locator("[data-kpi='served']")).ToHaveTextAsync("1");
        var deskRow = dashboard.Locator($"#desks tr[data-desk-id='{branch.Desk1}']");
        await Expect(deskRow.Locator("td").Nth(1)).ToHaveTextAsync("1");
        await Expect(deskRow.Locator("td").First).ToHaveTextAsync("—");
        Assert.True(await dashboard.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the dashboard reloaded");
        await Expect(dashboard.Locator("#waiting tr")).ToHaveCountAsync(2);
        await Expect(dashboard.Locator("#waiting")).Not.ToContainTextAsync("Alan");   // tickets only
        // Someone has been served today: the desk shows each waiting visitor's estimated wait too.
        await Expect(desk.Visit("Alan Turing").Locator(".visit-meta .status")).ToContainTextAsync("1st in line · est. wait");
        await BoardPages.ScreenshotAsync(dashboard, "dashboard");
    }

    [Fact]
    public async Task ADeskCallsNextAndTheDisplayShowsTheTicketAndDeskWithinASecondAndSaysItOnce()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = DeskClient(branch);
        await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "Grace Hopper"), setup.Register(Guid.NewGuid(), branch.Billing, "Edsger Dijkstra"));
        var token = await BoardPages.DisplayTokenAsync(App, branch);
        await using var screenContext = await browser.NewContextAsync();
        await using var deskContext = await browser.NewContextAsync();
        var display = await BoardPages.DisplayAsync(screenContext, branch, token);
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        await Expect(desk.CallNext).ToBeEnabledAsync();

        // Timed inside the pages, from the click event on the desk to the ticket appearing on the
        // display (both browsers on this machine's clock), so the test harness' own polling and
        // round trips do not count: on a busy CI machine they alone can take most of a second.
        await desk.Page.EvaluateAsync("""
            () => document.addEventListener('click', () => { window.__clickedAt ??= Date.now(); }, { capture: true })
            """);
        await display.EvaluateAsync("""
            () => new MutationObserver((_, observer) => {
                if (document.querySelector("#newest [data-part='ticket']")?.textContent === 'A-001') {
                    window.__shownAt = Date.now();
                    observer.disconnect();
                }
            }).observe(document.body, { subtree: true, childList: true, characterData: true })
            """);
        await desk.CallNext.ClickAsync();
        await Expect(display.Locator("#newest [data-part='ticket']")).ToHaveTextAsync("A-001");
        await Expect(display.Locator("#newest [data-part='desk']")).ToHaveTextAsync("Desk 1");
        var shownAfter = await display.EvaluateAsync<double>("() => window.__shownAt") - await desk.Page.EvaluateAsync<double>("() => window.__clickedAt");
        output.WriteLine($"the display showed the call {shownAfter:F0} ms after the click");
        Assert.InRange(shownAfter, 0, 1000);

        await Expect(display.Locator("body")).Not.ToContainTextAsync("Grace");
        await WaitSpokenAsync(display, 1);
        Assert.Equal(["Ticket A 1, please go to Desk 1."], await BoardPages.SpokenAsync(display));

        // A second call moves the first down; a recall is said again, as a new call.
        await desk.CallNext.ClickAsync();
        await Expect(display.Locator("#newest [data-part='ticket']")).ToHaveTextAsync("B-001");
        await Expect(display.Locator("#calls tr")).ToHaveCountAsync(1);
        await desk.Now.Locator(".visit").Filter(new() { HasText = "B-001" }).Locator("button[data-action='recall']").ClickAsync();
        await WaitSpokenAsync(display, 3);
        Assert.Equal("Ticket B 1, again: please go to Desk 1.", (await BoardPages.SpokenAsync(display))[2]);
        await BoardPages.ScreenshotAsync(display, "display");

        // A reload shows the same board and says nothing again: once the feed is live (the board read), a new
        // call is said, and it must be the first thing said since the reload (announcements queue in order).
        await display.ReloadAsync();
        await Expect(display.Locator("#display[data-ready='true']")).ToBeAttachedAsync();
        await Expect(display.Locator("#newest [data-part='ticket']")).ToHaveTextAsync("B-001");
        await Expect(display.Locator("#display[data-live='true']")).ToBeAttachedAsync();
        var later = Guid.NewGuid();
        var called = (await setup.PushAsync(setup.Register(later, branch.General, "Ada Lovelace"), setup.Call(later, branch.Desk2)))[1];
        var said = $"Ticket {Spoken(called.Visit!.Ticket)}, please go to Desk 2."; // the desk page holds leased numbers: not A-002
        await WaitSaidAsync(display, said);
        Assert.Equal([said], await BoardPages.SpokenAsync(display));
    }

    [Fact]
    public async Task TheDisplaySaysItIsReconnectingAfterTenSecondsWithoutItsFeedThenCatchesUpSilently()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = DeskClient(branch);
        Guid first = Guid.NewGuid(), missed = Guid.NewGuid();
        await setup.PushAsync(setup.Register(first, branch.General, "Ada"), setup.Register(missed, branch.General, "Alan"), setup.Call(first, branch.Desk1));
        var token = await BoardPages.DisplayTokenAsync(App, branch);
        await using var screenContext = await browser.NewContextAsync();
        var display = await BoardPages.DisplayAsync(screenContext, branch, token);
        await Expect(display.Locator("#newest [data-part='ticket']")).ToHaveTextAsync("A-001");
        var status = display.Locator("#display-status");

        await screenContext.SetOfflineAsync(true);
        await Expect(status).ToHaveTextAsync(ReconnectingSince(), new() { Timeout = 25_000 });
        await setup.PushOneAsync(setup.Call(missed, branch.Desk2));      // the screen is away: it misses this call
        await BoardPages.ScreenshotAsync(display, "display-reconnecting");
        await screenContext.SetOfflineAsync(false);

        await Expect(status).ToBeHiddenAsync();
        await Expect(display.Locator("#newest [data-part='ticket']")).ToHaveTextAsync("A-002");
        await Expect(display.Locator("#newest [data-part='desk']")).ToHaveTextAsync("Desk 2");

        // A catch-up is shown, not said: the recall after it is said live, and is the only thing said
        // (announcements queue in order, so a said catch-up would come first).
        await setup.PushOneAsync(setup.Next("recall", missed, new { deskId = branch.Desk2 }));
        await WaitSaidAsync(display, "Ticket A 2, again: please go to Desk 2.");
        Assert.Equal(["Ticket A 2, again: please go to Desk 2."], await BoardPages.SpokenAsync(display));
    }

    [Fact]
    public async Task AnAdminAddsAServiceADeskSeesItAfterAReloadAndARevokedApiKeyGets401()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var adminContext = await browser.NewContextAsync();
        await using var deskContext = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(adminContext, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));

        await admin.GotoAsync($"/admin/branch/{branch.Slug}");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Add a service" }).ClickAsync();
        await admin.GetByLabel("Name").FillAsync("Passports");
        await admin.GetByLabel("Ticket prefix").FillAsync("B");                       // Billing has it
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the service" }).ClickAsync();
        await Expect(admin.Locator("[data-valmsg-for='Input.Prefix']")).ToContainTextAsync("already uses the prefix B");
        await admin.GetByLabel("Ticket prefix").FillAsync("P");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the service" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Passports", Exact = true })).ToBeVisibleAsync();

        await desk.Page.ReloadAsync();
        await desk.WaitReadyAsync();
        await Expect(desk.RegisterForm.Locator("select[name='serviceId'] option")).ToContainTextAsync(["General", "Billing", "Passports (P)"]);

        // Closed, not deleted: it stays listed (history refers to it) and leaves the desk's form.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Close Passports" }).ClickAsync();
        await Expect(admin.Locator("#impact")).ToHaveTextAsync("No visitor is affected.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Close Passports" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Row, new() { Name = "Passports" })).ToContainTextAsync("closed");
        await desk.Page.ReloadAsync();
        await desk.WaitReadyAsync();
        await Expect(desk.RegisterForm.Locator("select[name='serviceId'] option")).ToHaveCountAsync(2);

        await admin.GetByRole(AriaRole.Link, new() { Name = "Create an API key" }).ClickAsync();
        await admin.GetByLabel("Name").FillAsync("Old kiosk");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the API key" }).ClickAsync();
        var key = await admin.Locator("#secret").InputValueAsync();
        Assert.StartsWith(ApiKeys.Prefix, key);
        Assert.Equal(HttpStatusCode.OK, await QueueWithKeyAsync(branch, key));

        await admin.GotoAsync($"/admin/branch/{branch.Slug}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Revoke Old kiosk" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Row, new() { Name = "Old kiosk" })).ToContainTextAsync("revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await QueueWithKeyAsync(branch, key));
    }

    [Fact]
    public async Task ADeskLoginIsRefusedTheAdministrationAndTheDashboardAndAWrongDisplayTokenIsRefused()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));

        foreach (var path in new[] { "/admin", "/dashboard", $"/admin/branch/{branch.Slug}", "/dashboard/conflicts" })
        {
            var response = await desk.Page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
            await Expect(desk.Page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
        }

        var token = await BoardPages.DisplayTokenAsync(App, branch);
        var other = await TestBranch.CreateAsync(App);
        foreach (var url in new[] { $"/display/{branch.Slug}?token=dt_wrong", $"/display/{other.Slug}?token={token}", $"/display/{branch.Slug}" })
        {
            var response = await desk.Page.GotoAsync(url);
            Assert.Equal(403, response!.Status);
            await Expect(desk.Page.GetByRole(AriaRole.Heading, new() { Name = "This display link is not valid" })).ToBeVisibleAsync();
            Assert.DoesNotContain("Exception", await desk.Page.ContentAsync());
        }
    }

    [Fact]
    public async Task TheDeskTheDashboardAndTheDisplayHaveNoSeriousAccessibilityViolations()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = DeskClient(branch);
        var called = Guid.NewGuid();
        await setup.PushAsync(setup.Register(called, branch.General, "Ada"), setup.Register(Guid.NewGuid(), branch.Billing, "Alan"),
            setup.Call(called, branch.Desk1));
        await using var context = await browser.NewContextAsync();
        await using var screenContext = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        var deskViolations = await BoardPages.SeriousAccessibilityViolationsAsync(desk.Page);
        await using var managerContext = await browser.NewContextAsync();
        var dashboard = await BoardPages.DashboardAsync(managerContext, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        var dashboardViolations = await BoardPages.SeriousAccessibilityViolationsAsync(dashboard);
        var display = await BoardPages.DisplayAsync(screenContext, branch, await BoardPages.DisplayTokenAsync(App, branch));
        var displayViolations = await BoardPages.SeriousAccessibilityViolationsAsync(display);

        Assert.Empty(deskViolations);
        Assert.Empty(dashboardViolations);
        Assert.Empty(displayViolations);
    }

    private async Task<HttpStatusCode> QueueWithKeyAsync(TestBranch branch, string key)
    {
        using var http = new HttpClient { BaseAddress = browser.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/branches/{branch.Slug}/queue");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return (await http.SendAsync(request)).StatusCode;
    }

    private static async Task WaitSpokenAsync(IPage display, int count) =>
        await display.WaitForFunctionAsync($"() => window.__spoken.length >= {count}", null, new() { Timeout = 15_000 });

    /// <summary>"A-005" as the display says it: "A 5".</summary>
    private static string Spoken(string ticket) =>
        string.Join(" ", ticket.Split('-').Select(part => part.All(char.IsAsciiDigit) ? int.Parse(part).ToString() : part));

    private static async Task WaitSaidAsync(IPage display, string text) =>
        await display.WaitForFunctionAsync("text => window.__spoken.includes(text)", text, new() { Timeout = 15_000 });

    [GeneratedRegex(@"^Reconnecting — last update \d\d:\d\d$")]
    private static partial Regex ReconnectingSince();
}
