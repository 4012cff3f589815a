using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Tests.Browser.Board;
using Reception.Tests.Browser.Kiosk;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Languages;

/// <summary>
/// Each language the whole way a visitor goes: a tablet kiosk set to it gives a ticket, and the phone
/// set to it follows that ticket's place live, every word as that language's catalog has it (plural
/// forms included), reading right to left in Arabic.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EachLanguageTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Theory]
    [InlineData("de", "de-DE", "ltr")]
    [InlineData("es", "es-MX", "ltr")]
    [InlineData("ar", "ar-SA", "rtl")]
    public async Task AVisitorTakesATicketAtTheKioskAndFollowsItsPlaceOnTheirPhoneInTheirLanguage(string tag, string locale, string dir)
    {
        string T(string key, params (string, object)[] args) => Texts.Get(tag, key, args.ToDictionary(a => a.Item1, a => a.Item2));

        var branch = await TestBranch.CreateAsync(App);
        var setup = new TestClient(App, branch, new Caller("setup-desk", CallerKind.Manager, branch.Id));
        Guid first = Guid.NewGuid(), second = Guid.NewGuid();
        await setup.PushAsync(setup.Register(first, branch.General, "Ada"), setup.Register(second, branch.General, "Alan"));

        await using var tablet = await Speaking.DeviceAsync(browser, locale, 1024, 768, phone: false);
        var kiosk = (await KioskScreen.OpenAsync(tablet, branch, await KioskScreen.TokenAsync(App, branch))).Page;
        await Speaking.ExpectLanguageAsync(kiosk, tag, dir);
        await Expect(kiosk.GetByRole(AriaRole.Heading, new() { Name = T("kiosk.welcome") })).ToBeVisibleAsync();
        await kiosk.GetByRole(AriaRole.Button, new() { Name = "General", Exact = true }).TapAsync();
        await kiosk.GetByLabel(T("kiosk.name")).FillAsync("Grace");
        await kiosk.GetByRole(AriaRole.Button, new() { Name = T("kiosk.confirm") }).TapAsync();
        await Expect(kiosk.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex("^" + Regex.Escape(T("kiosk.yourTicket"))) })).ToBeVisibleAsync();
        await Expect(kiosk.GetByText(T("kiosk.scan"))).ToBeVisibleAsync();
        await BoardPages.ScreenshotAsync(kiosk, $"each-{tag}-kiosk-ticket-1024");
        var qr = await kiosk.Locator("#ticket-qr").GetAttributeAsync("src");
        var code = Regex.Match(qr!, "/v/([^/]+)/qr.svg").Groups[1].Value;

        await using var phone = await Speaking.DeviceAsync(browser, locale, 390, 844, phone: true);
        var status = await phone.NewPageAsync();
        await status.GotoAsync("/v/" + code);
        await Expect(status.Locator("#visitor[data-live='true']")).ToBeAttachedAsync();
        await Speaking.ExpectLanguageAsync(status, tag, dir);
        await Expect(status.Locator("#headline")).ToHaveTextAsync(T("visitor.ahead", ("count", 2)));
        await Expect(status.Locator(".v-label")).ToHaveTextAsync(T("visitor.yourTicket"));
        await Expect(status.GetByRole(AriaRole.Button, new() { Name = T("visitor.leave") })).ToBeVisibleAsync();
        await BoardPages.ScreenshotAsync(status, $"each-{tag}-status-2-390");

        // One ahead is served: the place moves live, in the language's form for one.
        await setup.PushOneAsync(setup.Call(first, branch.Desk1));
        await Expect(status.Locator("#headline")).ToHaveTextAsync(T("visitor.ahead", ("count", 1)));
        await BoardPages.AssertFitsAsync(status);
        await BoardPages.ScreenshotAsync(status, $"each-{tag}-status-1-390");
    }

    [Fact]
    public async Task AReceptionistOnASpanishBrowserSignsInRegistersCallsAndCompletesAVisitorAllInSpanish()
    {
        string T(string key, params (string, object)[] args) => Texts.Get("es", key, args.ToDictionary(a => a.Item1, a => a.Item2));

        var branch = await TestBranch.CreateAsync(App);
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        await using var pc = await Speaking.DeviceAsync(browser, "es-ES", 1366, 768, phone: false);
        var page = await pc.NewPageAsync();
        await page.GotoAsync("/login");
        await Speaking.ExpectLanguageAsync(page, "es", "ltr");
        await BoardPages.ScreenshotAsync(page, "each-es-login-1366");
        await page.GetByLabel(T("account.userName")).FillAsync(login.UserName);
        await page.GetByLabel(T("account.password")).FillAsync(login.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = T("account.submit") }).ClickAsync();
        await page.WaitForURLAsync("**/desk");
        var desk = new DeskPage(page);
        await desk.WaitReadyAsync();
        await Expect(desk.Badge).ToContainTextAsync(T("desk.badge.online"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = T("desk.register.title") })).ToBeVisibleAsync();

        await page.GetByLabel(T("desk.field.name"), new() { Exact = true }).FillAsync("Grace Hopper");
        await page.GetByRole(AriaRole.Button, new() { Name = T("desk.register.submit"), Exact = true }).ClickAsync();
        var grace = desk.Visit("Grace Hopper");
        await Expect(grace.Locator(".visit-meta .status")).ToContainTextAsync(T("desk.status.waiting"));
        await BoardPages.ScreenshotAsync(page, "each-es-desk-registered-1366");

        await page.GetByRole(AriaRole.Button, new() { Name = T("desk.callNext") }).ClickAsync();
        await Expect(grace.Locator(".visit-meta .status")).ToContainTextAsync(T("desk.status.calledHere"));
        await DeskPage.Button(grace, T("desk.action.startService")).ClickAsync();
        await Expect(grace.Locator(".visit-meta .status")).ToContainTextAsync(T("desk.status.servingHere"));
        await BoardPages.ScreenshotAsync(page, "each-es-desk-serving-1366");
        await DeskPage.Button(grace, T("desk.action.complete")).ClickAsync();
        await Expect(grace).ToHaveCountAsync(0);
        await BoardPages.ScreenshotAsync(page, "each-es-desk-completed-1366");
    }
}
