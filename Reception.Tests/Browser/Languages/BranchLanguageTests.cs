using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Tests.Browser.Board;
using Reception.Tests.Browser.Join;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Languages;

/// <summary>
/// A branch's own language, as its admin sets it, its public screen shows and speaks it, and its
/// managers' pages fall back to it; the admins' list of missing translations; the managers', the
/// screen's and the admins' pages in the pseudo-locale.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BranchLanguageTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private static Task ShotAsync(IPage page, string name) => BoardPages.ScreenshotAsync(page, "branch-lang-" + name);

    private Task SetLanguageAsync(TestBranch branch, string tag) =>
        App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.Language, tag)));

    [Fact]
    public async Task AnAdminSetsTheBranchToGermanAndItsScreenShowsAndSpeaksGermanWhateverItsBrowserSpeaks()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await BoardPages.DisplayTokenAsync(App, branch);
        await using var adminContext = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(adminContext, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Test " + branch.Slug, Exact = true }).ClickAsync();
        var language = admin.GetByLabel("Language of the branch");
        await Expect(language).ToHaveValueAsync("en");
        await Expect(language.Locator("option")).ToHaveTextAsync(["English", "Deutsch", "Español", "العربية"]);
        await language.SelectOptionAsync(new SelectOptionValue { Label = "Deutsch" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the branch" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: the branch");
        await Expect(admin.GetByLabel("Language of the branch")).ToHaveValueAsync("de");

        // The admin's own pages follow the admin's language (the header's picker writes this cookie): German, then Arabic mirrored.
        await admin.SetViewportSizeAsync(1366, 768);
        await Speaking.ChooseAsync(adminContext, browser, "de");
        await admin.ReloadAsync();
        await Expect(admin.GetByLabel("Sprache der Filiale")).ToHaveValueAsync("de");
        await ShotAsync(admin, "admin-branch-de-1366");
        await Speaking.ChooseAsync(adminContext, browser, "ar");
        await admin.ReloadAsync();
        await Expect(admin.Locator(".admin")).ToHaveAttributeAsync("dir", "rtl");
        await Expect(admin.GetByRole(AriaRole.Button, new() { Name = "احفظ الفرع" })).ToBeVisibleAsync();
        await ShotAsync(admin, "admin-branch-ar-1366");

        // The screen's browser is set to English: the screen is still its branch's German.
        await using var screen = await Speaking.DeviceAsync(browser, "en-US", 1920, 1080, phone: false);
        var display = await BoardPages.DisplayAsync(screen, branch, token);
        await Speaking.ExpectLanguageAsync(display, "de", "ltr");
        await Expect(display.GetByRole(AriaRole.Heading, new() { Name = "Jetzt an der Reihe" })).ToBeVisibleAsync();
        await Expect(display.Locator("#calls-empty")).ToHaveTextAsync("Heute wurde noch niemand aufgerufen. Bitte warten Sie, bis Ihre Nummer hier erscheint.");

        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        var grace = Guid.NewGuid();
        await setup.PushAsync(setup.Register(grace, branch.General, "Grace Hopper"), setup.Call(grace, branch.Desk1));
        await Expect(display.Locator("#newest-title")).ToHaveTextAsync("Letzter Aufruf");
        await Expect(display.Locator(".newest-call")).ToHaveTextAsync(new Regex(@"^\s*Nummer\s+A-\d+\s+bitte zu\s+Desk 1\s*$"));
        var ticket = await display.Locator(".newest-ticket").TextContentAsync();
        await display.WaitForFunctionAsync("() => window.__spoken.length > 0");
        var said = (await display.EvaluateAsync<string[][]>("() => window.__spoken.map((text, i) => [window.__spokenLangs[i], text])"))
            .Select(u => (Lang: u[0], Text: u[1])).ToList();
        Assert.Equal([("de", $"Nummer A {int.Parse(ticket!.Split('-')[1], CultureInfo.InvariantCulture)}, bitte zu Desk 1.")], said);
        await ShotAsync(display, "display-de-1920");

        // An Arabic branch's screen reads right to left: "now serving" at the right edge.
        await SetLanguageAsync(branch, "ar");
        var arabic = await BoardPages.DisplayAsync(screen, branch, token);
        await Speaking.ExpectLanguageAsync(arabic, "ar", "rtl");
        await Expect(arabic.Locator("#newest-title")).ToHaveTextAsync("آخر نداء");
        var heading = (await arabic.GetByRole(AriaRole.Heading, new() { Name = "يُخدم الآن" }).BoundingBoxAsync())!;
        Assert.True(heading.X > 1920 / 2, $"the heading should sit on the right in Arabic, at x={heading.X}");
        await ShotAsync(arabic, "display-ar-1920");
    }

    [Fact]
    public async Task AGermanBranchsDashboardAndReportsAreGermanWithGermanDaysForABrowserWhoseLanguageReceptionDoesNotSpeak()
    {
        var branch = await TestBranch.CreateAsync(App);
        await SetLanguageAsync(branch, "de");
        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "Ada Lovelace"), setup.Register(Guid.NewGuid(), branch.Billing, "Alan Turing"));

        // A French phone: Reception has no French, so the branch's German.
        await using var phone = await Speaking.DeviceAsync(browser, "fr-FR", 390, 844, phone: true);
        var page = await BoardPages.DashboardAsync(phone, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Übersicht: Test " + branch.Slug })).ToBeVisibleAsync();
        await Expect(page.Locator(".kpi dt").First).ToHaveTextAsync("Jetzt wartend");
        await Expect(page.Locator("[data-kpi='waiting']")).ToHaveTextAsync("2");
        await Expect(page.Locator("#channels-title")).ToHaveTextAsync("Wie die 2 Besucher von heute kamen");
        await Expect(page.Locator("[data-kpi='averageWait']")).ToHaveTextAsync("—");

        // Live: a third arrival is written in German by the page itself.
        await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "Grace Hopper"));
        await Expect(page.Locator("#channels-title")).ToHaveTextAsync("Wie die 3 Besucher von heute kamen");
        await Expect(page.Locator("[data-part='waiting-count']")).ToHaveTextAsync("3");
        await Expect(page.Locator("#waiting tr").First.Locator("td").Nth(2)).ToHaveTextAsync(new Regex(@"^(< 1 Min\.|\d+ Min\.)$"));
        await BoardPages.AssertFitsAsync(page);
        await ShotAsync(page, "dashboard-de-390");

        await page.GetByRole(AriaRole.Link, new() { Name = "Berichte und CSV-Export" }).ClickAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Expect(page.Locator("#report-title")).ToHaveTextAsync(today.ToString("ddd, d. MMM yyyy", CultureInfo.GetCultureInfo("de")));
        await Expect(page.Locator("[data-figure='visits']")).ToHaveTextAsync("3");
        await Expect(page.Locator("#report-channels th[scope='row']").First).ToHaveTextAsync("Am Schalter");
        await ShotAsync(page, "reports-de-390");

        // Arabic: mirrored, its days in Arabic words with Western digits.
        await SetLanguageAsync(branch, "ar");
        await page.GotoAsync("/dashboard?branch=" + branch.Slug);
        await Expect(page.Locator("#dashboard[data-ready='true']")).ToBeAttachedAsync();
        await Expect(page.Locator("#channels-title")).ToHaveTextAsync("كيف وصل 3 زوار اليوم");
        await Expect(page.Locator("#dashboard")).ToHaveAttributeAsync("dir", "rtl");
        await BoardPages.AssertFitsAsync(page);
        await ShotAsync(page, "dashboard-ar-390");
        await page.SetViewportSizeAsync(1366, 768);
        var heading = (await page.Locator("#dashboard h1").BoundingBoxAsync())!;
        var live = (await page.Locator("#live").BoundingBoxAsync())!;
        Assert.True(live.X + live.Width < heading.X, $"the live badge ({live.X}) should be left of the heading ({heading.X}) in Arabic");
        await ShotAsync(page, "dashboard-ar-1366");
        await page.GotoAsync("/dashboard/reports?branch=" + branch.Slug);
        await Expect(page.Locator("#report-title")).ToContainTextAsync(today.Year.ToString(CultureInfo.InvariantCulture));
        await ShotAsync(page, "reports-ar-1366");
    }

    [Fact]
    public async Task APhoneWhoseLanguagesReceptionDoesNotSpeakReadsTheBranchsPagesInTheBranchsLanguageAndItsOwnPickStillWins()
    {
        var branch = await TestBranch.CreateAsync(App);
        await SetLanguageAsync(branch, "es");
        await JoinPages.SetAsync(App, branch);
        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "Ada Lovelace"), setup.Register(Guid.NewGuid(), branch.General, "Alan Turing"));
        var code = (await setup.PushOneAsync(setup.Register(Guid.NewGuid(), branch.General, "Grace Hopper"))).Visit!.Code!;

        await using var phone = await Speaking.DeviceAsync(browser, "fr-FR", 390, 844, phone: true);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/join/" + branch.Slug);
        await Speaking.ExpectLanguageAsync(page, "es", "ltr");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unirse a la cola" })).ToBeVisibleAsync();
        await page.GotoAsync("/v/" + code);
        await Expect(page.Locator("#headline")).ToHaveTextAsync("2 personas antes que usted");

        // A German phone is German on the same branch's page: the branch's language is only the last say.
        await using var german = await Speaking.DeviceAsync(browser, "de-DE", 390, 844, phone: true);
        var other = await german.NewPageAsync();
        await other.GotoAsync("/v/" + code);
        await Expect(other.Locator("#headline")).ToHaveTextAsync("2 Personen vor Ihnen");
    }

    [Fact]
    public async Task AnAdminFindsWhichTextsEachLanguageLacksFromTheAdministration()
    {
        await using var context = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(context, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Missing translations" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Missing translations", Exact = true })).ToBeVisibleAsync();
        var rows = admin.Locator("#missing tbody tr");
        await Expect(rows.Locator("th")).ToHaveTextAsync(["Deutsch", "Español", "العربية"]);
        await Expect(rows.Locator(".missing-count")).ToHaveTextAsync(["0 texts missing", "0 texts missing", "0 texts missing"]);
        await Expect(rows.Locator(".missing-keys")).ToHaveTextAsync(["Nothing missing.", "Nothing missing.", "Nothing missing."]);
        await ShotAsync(admin, "missing-1280");
    }

    [Fact]
    public async Task InThePseudoLocaleEveryVisibleTextOfTheManagersTheScreensAndTheAdminsPagesComesFromTheCatalogAndFits()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await BoardPages.DisplayTokenAsync(App, branch);
        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        var ada = Guid.NewGuid();
        var grace = Guid.NewGuid();
        await setup.PushAsync(setup.Register(ada, branch.General, "Ada Lovelace"), setup.Register(grace, branch.General, "Grace Hopper"),
            setup.Register(Guid.NewGuid(), branch.Billing, "Alan Turing"), setup.Call(ada, branch.Desk1), setup.Call(grace, branch.Desk2));

        foreach (var (width, height) in new[] { (390, 844), (1024, 768), (1366, 768) })
        {
            await using var context = await Speaking.DeviceAsync(browser, "en-GB", width, height, phone: width < 500);
            var page = await BoardPages.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Manager), "/dashboard");
            await Speaking.ChooseAsync(context, browser, Language.PseudoTag);
            await page.GotoAsync("/dashboard?branch=" + branch.Slug);
            await Expect(page.Locator("#dashboard[data-ready='true']")).ToBeAttachedAsync();
            await Expect(page.Locator("#channels-title")).ToHaveTextAsync(new Regex(@"^\[.* 3 "));
            await ShotAsync(page, $"dashboard-pseudo-{width}");
            // The header is the layout's (converted with the desk); the page's own part is the main element.
            await Speaking.AssertAllFromCatalogAsync(page, "main");
            await page.GotoAsync($"/dashboard/reports?branch={branch.Slug}");
            await Expect(page.Locator("#report")).ToBeVisibleAsync();
            await ShotAsync(page, $"reports-pseudo-{width}");
            await Speaking.AssertAllFromCatalogAsync(page, "main");
        }

        await using var screen = await Speaking.DeviceAsync(browser, "en-GB", 1920, 1080, phone: false);
        await Speaking.ChooseAsync(screen, browser, Language.PseudoTag);
        var display = await BoardPages.DisplayAsync(screen, branch, token);
        await Expect(display.Locator("#newest-title")).ToHaveTextAsync(new Regex(@"^\["));
        await ShotAsync(display, "display-pseudo-1920");
        await Speaking.AssertAllFromCatalogAsync(display);

        await using var desk = await Speaking.DeviceAsync(browser, "en-GB", 1366, 768, phone: false);
        var admin = await BoardPages.SignInAsync(desk, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await Speaking.ChooseAsync(desk, browser, Language.PseudoTag);
        foreach (var (path, name) in new[] { ("/admin/languages", "missing"), ("/admin", "admin"), ($"/admin/branch/{branch.Slug}", "admin-branch") })
        {
            await admin.GotoAsync(path);
            await ShotAsync(admin, $"{name}-pseudo-1366");
            await Speaking.AssertAllFromCatalogAsync(admin, "main");
        }
    }
}
