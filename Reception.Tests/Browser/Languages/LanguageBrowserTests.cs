using Microsoft.Playwright;
using Reception.Sync.Access;
using Reception.Tests.Browser.Board;
using Reception.Tests.Browser.Join;
using Reception.Tests.Browser.Kiosk;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Languages;

/// <summary>The visitors' pages (status, join, kiosk) in the visitor's language, as their phones and a tablet set to it see them.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguageBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private TestClient Setup(TestBranch branch) => new(App, branch, new Caller("setup-desk", CallerKind.Manager, branch.Id));

    private static Task ShotAsync(IPage page, string name) => BoardPages.ScreenshotAsync(page, "lang-" + name);

    private async Task<(TestBranch Branch, TestClient Setup, Guid Visit, string Code)> ThirdInLineAsync()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = Setup(branch);
        await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "Ada Lovelace"), setup.Register(Guid.NewGuid(), branch.General, "Alan Turing"));
        var visit = Guid.NewGuid();
        var code = (await setup.PushOneAsync(setup.Register(visit, branch.General, "Grace Hopper"))).Visit!.Code!;
        return (branch, setup, visit, code);
    }

    [Fact]
    public async Task AGermanPhoneReadsItsPlaceAndItsCallInGermanAndThePickedEnglishIsRemembered()
    {
        var (branch, setup, grace, code) = await ThirdInLineAsync();
        await using var context = await Speaking.DeviceAsync(browser, "de-DE", 390, 844, phone: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/v/" + code);
        await Expect(page.Locator("#visitor[data-live='true']")).ToBeAttachedAsync();

        await Speaking.ExpectLanguageAsync(page, "de", "ltr");
        await Expect(page.Locator("#headline")).ToHaveTextAsync("2 Personen vor Ihnen");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Ich verlasse die Warteschlange" })).ToBeVisibleAsync();
        await Expect(page.Locator(".v-label")).ToHaveTextAsync("Ihre Nummer");
        await ShotAsync(page, "status-de-waiting-390");

        // The call arrives live, as keys the page writes in German.
        await setup.PushOneAsync(setup.Call(grace, branch.Desk1));
        await Expect(page.Locator("#headline")).ToHaveTextAsync("Sie sind dran: Bitte gehen Sie zu Desk 1");
        await Expect(page.Locator("#detail")).ToHaveTextAsync("Bitte gehen Sie jetzt dorthin und zeigen Sie Ihre Nummer.");
        await ShotAsync(page, "status-de-called-390");

        // The picker names each language in itself; English at once, and still after a reload.
        var picker = page.GetByRole(AriaRole.Combobox, new() { Name = "Sprache" });
        await Expect(picker.Locator("option")).ToHaveTextAsync(["English", "Deutsch", "Español", "العربية"]);
        await picker.SelectOptionAsync("en");
        await Speaking.ExpectLanguageAsync(page, "en", "ltr");
        await Expect(page.Locator("#headline")).ToHaveTextAsync("It's your turn: go to Desk 1");
        await Expect(page.Locator(".v-label")).ToHaveTextAsync("Your ticket");
        await page.ReloadAsync();
        await Expect(page.Locator("#headline")).ToHaveTextAsync("It's your turn: go to Desk 1");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Language" })).ToHaveValueAsync("en");
    }

    [Fact]
    public async Task ASpanishTabletKioskGivesATicketInSpanishAndTheNextVisitorStartsInSpanishAgain()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await KioskScreen.TokenAsync(App, branch);
        await using var context = await Speaking.DeviceAsync(browser, "es-ES", 1024, 768, phone: false);
        var page = (await KioskScreen.OpenAsync(context, branch, token)).Page;

        await Speaking.ExpectLanguageAsync(page, "es", "ltr");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "¡Bienvenido! ¿A qué viene?" })).ToBeVisibleAsync();
        await ShotAsync(page, "kiosk-es-start-1024");
        await page.GetByRole(AriaRole.Button, new() { Name = "General", Exact = true }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sus datos" })).ToBeVisibleAsync();
        await page.GetByLabel("Su nombre").FillAsync("María García");
        await ShotAsync(page, "kiosk-es-details-1024");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmar" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Su turno A-\\d+$") })).ToBeVisibleAsync();
        await Expect(page.Locator(".ticket-time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Emitido a las \\d\\d:\\d\\d$"));
        await ShotAsync(page, "kiosk-es-ticket-1024");
        await page.GetByRole(AriaRole.Button, new() { Name = "Listo" }).TapAsync();

        // A visitor picks Arabic: the kiosk reads right to left, its picker in the top left corner.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Idioma" }).SelectOptionAsync("ar");
        await Speaking.ExpectLanguageAsync(page, "ar", "rtl");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "أهلًا بك! ما سبب زيارتك؟" })).ToBeVisibleAsync();
        var pickerBox = (await page.Locator("#language").BoundingBoxAsync())!;
        Assert.True(pickerBox.X + pickerBox.Width < 1024 / 2, $"the picker should sit on the left in Arabic, at x={pickerBox.X}");
        await ShotAsync(page, "kiosk-ar-start-1024");
        await page.GetByRole(AriaRole.Button, new() { Name = "General", Exact = true }).TapAsync();
        var label = (await page.Locator("#name-label").BoundingBoxAsync())!;
        var form = (await page.Locator("#details-form").BoundingBoxAsync())!;
        Assert.True(form.X + form.Width - (label.X + label.Width) < 2, "the name's label should start on the right in Arabic");
        await ShotAsync(page, "kiosk-ar-details-1024");

        // Back: the next visitor finds the kiosk in its own language.
        await page.GetByRole(AriaRole.Button, new() { Name = "رجوع" }).TapAsync();
        await Speaking.ExpectLanguageAsync(page, "es", "ltr");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "¡Bienvenido! ¿A qué viene?" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnArabicPhoneJoinsAndFollowsItsPlaceRightToLeft()
    {
        var (branch, _, _, _) = await ThirdInLineAsync();
        await JoinPages.SetAsync(App, branch);
        await using var context = await Speaking.DeviceAsync(browser, "ar-EG", 390, 844, phone: true);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/join/" + branch.Slug);

        await Speaking.ExpectLanguageAsync(page, "ar", "rtl");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "الانضمام إلى قائمة الانتظار" })).ToBeVisibleAsync();
        await AssertMirroredAsync(page);
        await page.GetByRole(AriaRole.Radio, new() { Name = "General" }).TapAsync();
        await page.GetByLabel("اسمك").FillAsync("سارة");
        await ShotAsync(page, "join-ar-390");
        await page.GetByRole(AriaRole.Button, new() { Name = "انضم إلى القائمة" }).TapAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/v/"));
        await Speaking.ExpectLanguageAsync(page, "ar", "rtl");
        await Expect(page.Locator("#headline")).ToHaveTextAsync("3 أشخاص قبلك");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "سأغادر قائمة الانتظار" })).ToBeVisibleAsync();
        await AssertMirroredAsync(page);
        await ShotAsync(page, "status-ar-390");
    }

    /// <summary>Right to left: the branch's name at the right edge, the picker at the left.</summary>
    private static async Task AssertMirroredAsync(IPage page)
    {
        var branch = (await page.Locator(".v-branch").BoundingBoxAsync())!;
        var picker = (await page.Locator("#language").BoundingBoxAsync())!;
        Assert.True(picker.X + picker.Width <= branch.X, $"the picker ({picker.X}) should be left of the branch's name ({branch.X})");
        Assert.Equal("right", await page.Locator(".v-branch").EvaluateAsync<string>(
            "e => { const r = document.createRange(); r.selectNodeContents(e); const t = r.getBoundingClientRect(), b = e.getBoundingClientRect(); return b.right - t.right < 2 ? 'right' : 'left'; }"));
    }

    [Fact]
    public async Task InThePseudoLocaleEveryVisibleTextOfTheVisitorsPagesComesFromTheCatalogAndFits()
    {
        var (branch, _, _, code) = await ThirdInLineAsync();
        await JoinPages.SetAsync(App, branch);
        var token = await KioskScreen.TokenAsync(App, branch);

        await using var phone = await Speaking.DeviceAsync(browser, "en-GB", 390, 844, phone: true);
        await Speaking.ChooseAsync(phone, browser, Language.PseudoTag);
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/v/" + code);
        await Expect(page.Locator("#visitor[data-live='true']")).ToBeAttachedAsync();
        await Expect(page.Locator("#headline")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\[2 "));
        await ShotAsync(page, "status-pseudo-390");
        await Speaking.AssertAllFromCatalogAsync(page);
        await page.GotoAsync("/join/" + branch.Slug);
        await ShotAsync(page, "join-pseudo-390");
        await Speaking.AssertAllFromCatalogAsync(page);

        await using var tablet = await Speaking.DeviceAsync(browser, "en-GB", 1024, 768, phone: false);
        await Speaking.ChooseAsync(tablet, browser, Language.PseudoTag);
        var kiosk = await KioskScreen.OpenAsync(tablet, branch, token);
        await ShotAsync(kiosk.Page, "kiosk-pseudo-start-1024");
        await Speaking.AssertAllFromCatalogAsync(kiosk.Page);
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "General", Exact = true }).TapAsync();
        await Speaking.AssertAllFromCatalogAsync(kiosk.Page);
        await kiosk.Page.Locator("#confirm").TapAsync();
        await Expect(kiosk.Ticket).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^A-\\d+$"));
        await ShotAsync(kiosk.Page, "kiosk-pseudo-ticket-1024");
        await Speaking.AssertAllFromCatalogAsync(kiosk.Page);
    }

    [Fact]
    public async Task TheServerChoosesPluralFormsAsTheBrowserDoes()
    {
        await using var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        long[] counts = [.. Enumerable.Range(0, 250).Select(n => (long)n), 1_000, 1_000_000, 2_000_000];
        foreach (var language in Language.All)
        {
            var browserSays = await page.EvaluateAsync<string[]>(
                "([locale, counts]) => counts.map(n => new Intl.PluralRules(locale).select(n))", new object[] { language.Plural, counts });
            Assert.Equal(browserSays, counts.Select(n => PluralRules.Of(language.Plural, n)).ToArray());
        }
    }
}
