using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Languages;

/// <summary>
/// The staff's side in their own language: the header's picker changes the desk at once and follows
/// the login to another computer; the desk in Arabic reads right to left; a refusal is worded in the
/// desk's language; and in the pseudo-locale every word of the desk, sign-in, denied and error pages
/// comes from the catalog and fits.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskLanguageTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private static readonly (int Width, int Height)[] Sizes = [(1366, 768), (1024, 768), (390, 844)];

    private TestClient Setup(TestBranch branch) => new(App, branch, new Caller("setup-desk", CallerKind.Manager, branch.Id));

    private static async Task ShotsAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        var before = page.ViewportSize;
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"lang-{name}-{width}x{height}.png") });
        }

        if (before is not null) await page.SetViewportSizeAsync(before.Width, before.Height);
    }

    /// <summary>Signs in through the sign-in page as it reads in the browser's language, and lands on the desk.</summary>
    private static async Task<DeskPage> SignInAsync(IBrowserContext context, TestLogin login, string userName, string password, string submit,
        string shot)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await ShotsAsync(page, shot);
        await page.GetByLabel(userName).FillAsync(login.UserName);
        await page.GetByLabel(password).FillAsync(login.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = submit }).ClickAsync();
        await page.WaitForURLAsync("**/desk");
        var desk = new DeskPage(page);
        await desk.WaitReadyAsync();
        return desk;
    }

    [Fact]
    public async Task AReceptionistPicksDeutschTheDeskSpeaksItAtOnceAndStillDoesOnAnotherComputer()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = Setup(branch);
        await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "Ada Lovelace"), setup.Register(Guid.NewGuid(), branch.General, "Alan Turing"));
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);

        await using var first = await Speaking.DeviceAsync(browser, "en-GB", 1366, 768, phone: false);
        var desk = await DeskPage.SignInAsync(first, login);
        await desk.WaitOnlineAsync();
        await desk.Page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // A language Reception does not speak is refused, and nothing is saved.
        var refused = await desk.Page.EvaluateAsync<int>("""
            async () => {
              const body = new FormData(document.getElementById('header-language').form);
              body.set('language', 'xx');
              return (await fetch('/account/language', { method: 'POST', body, headers: { Accept: 'application/json' } })).status;
            }
            """);
        Assert.Equal(400, refused);
        Assert.Null(await App.WithDbAsync(db => db.Users.Where(u => u.UserName == login.UserName).Select(u => u.Language).SingleAsync()));

        // The picker names each language in itself; Deutsch changes the desk at once, without a reload.
        var picker = desk.Page.GetByRole(AriaRole.Combobox, new() { Name = "Language" });
        await Expect(picker.Locator("option")).ToHaveTextAsync(["English", "Deutsch", "Español", "العربية"]);
        await picker.SelectOptionAsync("de");
        await Speaking.ExpectLanguageAsync(desk.Page, "de", "ltr");
        await Expect(desk.Page.GetByRole(AriaRole.Button, new() { Name = "Nächsten aufrufen" })).ToBeEnabledAsync();
        await Expect(desk.Page.GetByRole(AriaRole.Heading, new() { Name = "Besucher anmelden" })).ToBeVisibleAsync();
        await Expect(desk.Badge).ToContainTextAsync("Online");
        await Expect(desk.Visit("Ada Lovelace").Locator(".visit-meta .status")).ToHaveTextAsync("Wartet · 1. in der Reihe");
        await Expect(desk.Visit("Alan Turing").GetByRole(AriaRole.Button, new() { NameRegex = new("^Aufrufen ") })).ToBeVisibleAsync();
        await Expect(desk.Page.Locator("#queues .count").First).ToHaveTextAsync("(2 wartend)");
        await Expect(desk.Page.Locator("header.top")).ToContainTextAsync("Abmelden");
        Assert.True(await desk.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was loaded again");
        await Expect(desk.Page.Locator("html[data-language-saved='de']")).ToBeAttachedAsync();

        // What she does next is in German too: a registration, its card, the undo bar.
        await desk.Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Grace Hopper");
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();
        var grace = desk.Visit("Grace Hopper");
        await Expect(grace.Locator(".visit-meta .status")).ToHaveTextAsync("Wartet · 3. in der Reihe");
        await grace.GetByRole(AriaRole.Button, new() { NameRegex = new("^Nicht erschienen ") }).ClickAsync();
        await Expect(desk.Page.Locator("#undo-bar")).ToContainTextAsync("als nicht erschienen markiert.");
        await desk.Page.Locator("#undo-bar").GetByRole(AriaRole.Button, new() { NameRegex = new("^Rückgängig: ") }).ClickAsync();
        await Expect(grace).ToHaveCountAsync(1);
        await ShotsAsync(desk.Page, "desk-de");

        // Signed out, and in again on another computer whose browser speaks English: still German.
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = "Abmelden" }).ClickAsync();
        await desk.Page.WaitForURLAsync("**/login");
        await using var second = await Speaking.DeviceAsync(browser, "en-US", 1366, 768, phone: false);
        var elsewhere = await DeskPage.SignInAsync(second, login);
        await Speaking.ExpectLanguageAsync(elsewhere.Page, "de", "ltr");
        await Expect(elsewhere.Page.GetByRole(AriaRole.Button, new() { Name = "Nächsten aufrufen" })).ToBeVisibleAsync();
        await Expect(elsewhere.Page.GetByRole(AriaRole.Combobox, new() { Name = "Sprache" })).ToHaveValueAsync("de");
        Assert.Equal("de", await App.WithDbAsync(db => db.Users.Where(u => u.UserName == login.UserName).Select(u => u.Language).SingleAsync()));
    }

    [Fact]
    public async Task TheDeskInArabicReadsRightToLeftWithTicketsAndTimesLeftToRight()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = Setup(branch);
        var ada = Guid.NewGuid();
        await setup.PushAsync(setup.Register(ada, branch.General, "Ada Lovelace", new { phone = "+44 20 7946 0000" }),
            setup.Register(Guid.NewGuid(), branch.General, "Alan Turing"));
        await setup.PushOneAsync(setup.Call(ada, branch.Desk1));
        await using var context = await Speaking.DeviceAsync(browser, "ar-EG", 1366, 768, phone: false);
        var desk = await SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1), "اسم المستخدم", "كلمة المرور", "تسجيل الدخول", "login-ar");
        await Expect(desk.Badge).ToContainTextAsync("متصل");

        await Speaking.ExpectLanguageAsync(desk.Page, "ar", "rtl");
        Assert.Equal("rtl", await desk.Page.Locator("#desk").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        await Expect(desk.Page.GetByRole(AriaRole.Button, new() { Name = "استدعِ التالي" })).ToBeVisibleAsync();
        await Expect(desk.Page.GetByRole(AriaRole.Region, new() { Name = "الآن في هذا المكتب" }).Locator(".visit")).ToHaveCountAsync(1);

        // Mirrored: the queue column on the left, the register form on the right, "Now at this desk" between.
        var register = (await desk.Page.Locator(".register").BoundingBoxAsync())!;
        var now = (await desk.Page.Locator("#now").BoundingBoxAsync())!;
        var queue = (await desk.Page.Locator("section.line").BoundingBoxAsync())!;
        Assert.True(queue.X + queue.Width <= now.X + 1, $"the queue ({queue.X}) should be left of Now at this desk ({now.X})");
        Assert.True(now.X + now.Width <= register.X + 1, $"Now at this desk ({now.X}) should be left of the register form ({register.X})");

        // Tickets, phone numbers and times stay left to right inside the Arabic.
        var alan = desk.Visit("Alan Turing");
        Assert.Equal("ltr", await alan.Locator(".ticket").EvaluateAsync<string>("e => getComputedStyle(e).direction"));
        await Expect(alan.Locator(".visit-meta")).ToContainTextAsync(new System.Text.RegularExpressions.Regex("وصل \u2066\\d\\d:\\d\\d\u2069"));
        var phone = desk.Page.GetByRole(AriaRole.Region, new() { Name = "الآن في هذا المكتب" }).Locator(".phone");
        await Expect(phone).ToHaveTextAsync("+44 20 7946 0000");
        Assert.True(await phone.EvaluateAsync<bool>("""
            e => {
              const at = i => { const r = document.createRange(); r.setStart(e.firstChild, i); r.setEnd(e.firstChild, i + 1); return r.getBoundingClientRect().left; };
              return at(0) < at(e.textContent.length - 1);
            }
            """), "the phone number should read left to right: + first, on the left");
        var label = (await phone.Locator("xpath=preceding-sibling::span[2]").BoundingBoxAsync())!;
        var number = (await phone.BoundingBoxAsync())!;
        Assert.True(number.X + number.Width <= label.X + 1, "the number should follow its label to the left, as Arabic reads");
        await ShotsAsync(desk.Page, "desk-ar");
    }

    [Fact]
    public async Task ARefusedCallIsWordedInGermanFromItsCode()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = Setup(branch);
        await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "Ada Lovelace"));
        await using var context = await Speaking.DeviceAsync(browser, "de-DE", 1366, 768, phone: false);
        var desk = await SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1), "Benutzername", "Passwort", "Anmelden", "login-de");
        await Expect(desk.Badge).ToContainTextAsync("Online");

        // The service closes behind the desk's back (no broadcast): the desk still offers the call, and the server refuses it.
        await App.WithDbAsync(async db =>
        {
            var general = await db.Services.SingleAsync(s => s.Id == branch.General);
            general.IsActive = false;
            return await db.SaveChangesAsync();
        });
        var ada = desk.Visit("Ada Lovelace");
        await ada.GetByRole(AriaRole.Button, new() { NameRegex = new("^Aufrufen ") }).ClickAsync();

        var note = ada.Locator(".note-rejected");
        await Expect(note).ToContainTextAsync("Abgelehnt: konnte nicht aufrufen");
        // The reason is the catalog's words for the result's reasonCode and values, never the server's English sentence.
        await Expect(note).ToContainTextAsync(Texts.Get("de", "reasons.service-closed", new Dictionary<string, object> { ["service"] = "General" }));
        await Expect(note).Not.ToContainTextAsync("is closed");
        await Expect(note).Not.ToContainTextAsync("reasons.");
        await Expect(note.Locator("p span").First).Not.ToBeEmptyAsync();
        await Expect(note.GetByRole(AriaRole.Button, new() { Name = "Ausblenden" })).ToBeVisibleAsync();
        await ShotsAsync(desk.Page, "desk-de-refused");
    }

    [Fact]
    public async Task InThePseudoLocaleEveryWordOfTheDeskSignInDeniedAndErrorPagesComesFromTheCatalogAndFits()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = Setup(branch);
        var ada = Guid.NewGuid();
        await setup.PushAsync(setup.Register(ada, branch.General, "Ada Lovelace", new { phone = "555 0101", notes = "Wheelchair" }),
            setup.Register(Guid.NewGuid(), branch.General, "Alan Turing"), setup.Register(Guid.NewGuid(), branch.Billing, "Blaise Pascal"));
        await setup.PushOneAsync(setup.Call(ada, branch.Desk1));

        await using var context = await Speaking.DeviceAsync(browser, "en-GB", 1366, 768, phone: false);
        await Speaking.ChooseAsync(context, browser, Language.PseudoTag);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await Speaking.AssertAllFromCatalogAsync(page);
        await page.Locator("#Input_UserName").FillAsync("nobody");
        await page.Locator("#Input_Password").FillAsync("wrong");
        await page.Locator("button[type='submit']").ClickAsync();
        await Expect(page.Locator(".error[role='alert']")).ToContainTextAsync("[");
        await Speaking.AssertAllFromCatalogAsync(page);

        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        await page.Locator("#Input_UserName").FillAsync(login.UserName);
        await page.Locator("#Input_Password").FillAsync(login.Password);
        await page.Locator("button[type='submit']").ClickAsync();
        await page.WaitForURLAsync("**/desk");
        var desk = new DeskPage(page);
        await desk.WaitReadyAsync();
        await Expect(desk.Badge).ToContainTextAsync("[Óñ");
        await Expect(page.Locator("#queues .count").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\[\(1 "));
        await page.Locator("#done-today summary").ClickAsync();
        await page.Locator("#sync-details summary").ClickAsync();
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await Speaking.AssertAllFromCatalogAsync(page);
        }

        await ShotsAsync(page, "desk-pseudo");
        await page.GotoAsync("/admin");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/denied"));
        await Speaking.AssertAllFromCatalogAsync(page);
        await page.GotoAsync("/no-such-page");
        await Speaking.AssertAllFromCatalogAsync(page);
        await ShotsAsync(page, "notfound-pseudo");
    }
}
