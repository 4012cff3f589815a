using System.Text;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Dashboard;
using Reception.Tests.Browser.Join;
using Reception.Tests.Browser.Kiosk;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Board;

/// <summary>
/// A manager sees where today's visitors came from: two registered at a desk, one at the kiosk and
/// one who joined from their phone, counted in words on the dashboard (live), in the report, day by
/// day, and in the CSV's last column. On a phone, every page still fits.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ChannelSplitBrowserTests(JoinApp browser) : IClassFixture<JoinApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task AManagerSeesTodaysArrivalsSplitIntoDeskKioskAndPhoneOnTheDashboardTheReportAndTheCsv()
    {
        var branch = await TestBranch.CreateAsync(App);
        await JoinPages.SetAsync(App, branch);

        await using var deskContext = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        await DeskPage.ExpectSyncAsync(await desk.RegisterAsync("Dora Desk"), "synced");
        await DeskPage.ExpectSyncAsync(await desk.RegisterAsync("Dan Desk"), "synced");

        await using var kioskContext = await KioskScreen.ContextAsync(browser);
        var kiosk = await KioskScreen.OpenAsync(kioskContext, branch, await KioskScreen.TokenAsync(App, branch));
        await kiosk.CheckInAsync("General", "Kim Kiosk");

        await using var phone = await JoinPages.PhoneAsync(browser);
        var join = await JoinPages.OpenAsync(phone, branch);
        await JoinPages.FillAsync(join, "General", "Rosa Remote");
        await JoinPages.JoinButton(join).TapAsync();
        await join.WaitForURLAsync("**/v/**");
        await Expect(desk.Visit("Kim Kiosk")).ToBeVisibleAsync();
        await Expect(desk.Visit("Rosa Remote")).ToBeVisibleAsync();

        await using var managerContext = await browser.NewContextAsync();
        var page = await BoardPages.DashboardAsync(managerContext, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await page.SetViewportSizeAsync(1366, 768);
        var split = page.Locator("#channels");
        await Expect(split.Locator("dt")).ToHaveTextAsync(["At a desk", "Kiosk", "From a phone", "Other systems"]);
        await Expect(split.Locator("dd")).ToHaveTextAsync(["2", "1", "1", "0"]);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How today's 4 visitors joined" })).ToBeVisibleAsync();
        await BoardPages.ScreenshotAsync(page, "dashboard-channels-1366");

        // One more at the desk: the dashboard counts it live, without a reload.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await desk.RegisterAsync("Del Desk");
        await Expect(split.Locator("[data-channel='desk'] dd")).ToHaveTextAsync("3");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How today's 5 visitors joined" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the dashboard reloaded");
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(page));
        await page.SetViewportSizeAsync(390, 844);
        await BoardPages.AssertFitsAsync(page);
        await BoardPages.ScreenshotAsync(page, "dashboard-channels-390");

        // The report over yesterday and today: by channel, and day by day.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await page.SetViewportSizeAsync(1366, 768);
        await page.Locator("#reports-link").ClickAsync();
        await page.GetByLabel("From").FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd"));
        await page.GetByLabel("To (inclusive)").FillAsync(today.ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Show figures" }).ClickAsync();
        await Expect(page.Locator("#report-channels tbody th")).ToHaveTextAsync(["At a desk", "Kiosk", "From a phone", "Other systems"]);
        await Expect(page.Locator("#report-channels tbody td[data-label='Visits']")).ToHaveTextAsync(["3", "1", "1", "0"]);
        await Expect(page.Locator("#report-days tbody tr")).ToHaveCountAsync(2);
        var todayRow = page.Locator($"#report-days tr[data-day='{today:yyyy-MM-dd}']");
        await Expect(todayRow.Locator("td")).ToHaveTextAsync(["5", "3", "1", "1", "0"]);
        await Expect(page.Locator("#report-days thead th")).ToHaveTextAsync(["Day", "Visits", "At a desk", "Kiosk", "From a phone", "Other systems"]);
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(page));
        await BoardPages.ScreenshotAsync(page, "reports-channels-1366");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download visits (CSV)" }).ClickAsync());
        var rows = Encoding.UTF8.GetString((await File.ReadAllBytesAsync((await download.PathAsync())!))[3..])
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', VisitsCsv.Header), rows[0]);
        Assert.EndsWith(",Channel", rows[0]);
        Assert.Equal(["At a desk", "At a desk", "At a desk", "From a phone", "Kiosk"], rows.Skip(1).Select(r => r[(r.LastIndexOf(',') + 1)..]).Order());

        await page.SetViewportSizeAsync(390, 844);
        await BoardPages.AssertFitsAsync(page);
        await BoardPages.ScreenshotAsync(page, "reports-channels-390");
    }
}
