using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Languages;

/// <summary>
/// The managers' conflicts page in the reader's language: the engine tells each conflict as codes and
/// values, and the page words them from the catalog, so a manager reading German reads German sentences.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ConflictsLanguageTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task TwoDesksEditTheSamePhoneAndAManagerReadingGermanReadsWhatHappenedInGerman()
    {
        var branch = await PhoneConflictAsync();

        await using var context = await Speaking.DeviceAsync(browser, "en-GB", 1366, 768, phone: false);
        var page = await BoardPages.DashboardAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Language" }).SelectOptionAsync("de");
        await Speaking.ExpectLanguageAsync(page, "de", "ltr");
        await page.GotoAsync("/dashboard/conflicts?branch=" + branch.Slug);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Texts.Get("de", "board.conflicts.today") })).ToBeVisibleAsync();
        var entry = page.Locator("#problems .problem");
        await Expect(entry.Locator(".tried")).ToHaveTextAsync(Tried("de"));
        await Expect(entry.Locator(".found")).ToHaveTextAsync(Found("de"));
        await Expect(entry.Locator(".outcome > span")).ToHaveTextAsync(Outcome("de"));
        await Expect(entry.Locator(".tried")).ToContainTextAsync("hat versucht, bei A-001 Ben Ode das Feld Telefon auf „333“ zu ändern.");
        await entry.Locator("summary").ClickAsync();
        await Expect(entry.Locator(".technical")).ToContainTextAsync(
            "Ein anderer Schalter hat Telefon von A-001 geändert, nachdem Sie den Besuch zuletzt gesehen haben.");
        await BoardPages.ScreenshotAsync(page, "conflicts-de-1366");

        // Every word of it is the catalog's: in the pseudo-locale each is [bracketed], and fits.
        foreach (var (width, height) in new[] { (1366, 768), (390, 844) })
        {
            await page.SetViewportSizeAsync(width, height);
            await Speaking.ChooseAsync(context, browser, Language.PseudoTag);
            await page.ReloadAsync();
            await Expect(entry.Locator(".tried")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\[.*A-001 Ben Ode.*\]$"));
            await entry.Locator("summary").ClickAsync();
            await BoardPages.ScreenshotAsync(page, $"conflicts-pseudo-{width}");
            await Speaking.AssertAllFromCatalogAsync(page, "main");
        }
    }

    [Fact]
    public async Task AManagerReadingTheConflictsInEnglishPicksDeutschAndReadsThemInGermanWithoutAReload()
    {
        var branch = await PhoneConflictAsync();

        await using var context = await Speaking.DeviceAsync(browser, "en-GB", 1366, 768, phone: false);
        var page = await BoardPages.DashboardAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await page.GotoAsync("/dashboard/conflicts?branch=" + branch.Slug);
        var entry = page.Locator("#problems .problem");
        await Expect(entry.Locator(".tried")).ToHaveTextAsync(Tried("en"));
        await Expect(entry.Locator(".found")).ToHaveTextAsync(Found("en"));
        await Expect(entry.Locator(".outcome > span")).ToHaveTextAsync(Outcome("en"));
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Language" }).SelectOptionAsync("de");

        await Speaking.ExpectLanguageAsync(page, "de", "ltr");
        await Expect(entry.Locator(".tried")).ToHaveTextAsync(Tried("de"));
        await Expect(entry.Locator(".tried")).ToContainTextAsync("hat versucht, bei A-001 Ben Ode das Feld Telefon auf „333“ zu ändern.");
        await Expect(entry.Locator(".found")).ToHaveTextAsync(Found("de"));
        await Expect(entry.Locator(".outcome > span")).ToHaveTextAsync(Outcome("de"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Texts.Get("de", "board.conflicts.today") })).ToBeVisibleAsync();
        // The day too, as German writes it ("Mi., 2. Dez. 2026"), where English wrote "Wed 2 Dec 2026".
        var germanDay = await App.WithDbAsync(async db => (await db.Branches.SingleAsync(b => b.Id == branch.Id)).TimeZoneId) is var zone
            ? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, Reception.Sync.Dashboard.BranchZone.Of(zone)))
                .ToString(Texts.Get("de", "board.dayFormat"), System.Globalization.CultureInfo.GetCultureInfo("de"))
            : "";
        await Expect(page.Locator(".board-head .muted")).ToContainTextAsync(germanDay);
        await entry.Locator("summary").ClickAsync();
        await Expect(entry.Locator(".technical")).ToContainTextAsync(
            "Ein anderer Schalter hat Telefon von A-001 geändert, nachdem Sie den Besuch zuletzt gesehen haben.");
        await Expect(page.Locator("html[data-language-saved='de']")).ToBeAttachedAsync();
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page was loaded again");
        await BoardPages.ScreenshotAsync(page, "conflicts-de-switched-1366");
    }

    [Fact]
    public async Task AManagerReadingGermanIsToldInGermanWhyTheDashboardTheConflictsOrAReportCannotBeShown()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await Speaking.DeviceAsync(browser, "en-GB", 1366, 768, phone: false);
        var page = await BoardPages.DashboardAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await Speaking.ChooseAsync(context, browser, "de");
        var nowhere = Texts.Get("de", "problems.branch-unknown", new Dictionary<string, object> { ["branch"] = "nowhere" });

        await page.GotoAsync("/dashboard?branch=nowhere");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(nowhere);
        await page.GotoAsync("/dashboard/conflicts?branch=nowhere");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(nowhere);
        await page.GotoAsync($"/dashboard/reports?branch={branch.Slug}&from=2026-12-05&to=2026-12-01");
        await Expect(page.Locator("#report-error")).ToHaveTextAsync(Texts.Get("de", "problems.report-reversed",
            new Dictionary<string, object> { ["from"] = "2026-12-05", ["to"] = "2026-12-01" }));
        await Expect(page.Locator("#report-error")).ToContainTextAsync("2026-12-01");
        await Expect(page.Locator("#report-error")).Not.ToContainTextAsync("swap them");
    }

    private static string W(string tag, string code, params (string, object)[] args) =>
        Texts.Get(tag, "conflicts." + code, args.ToDictionary(a => a.Item1, a => a.Item2));

    // What the page says of the conflict PhoneConflictAsync makes, in a language.
    private static string Tried(string tag) => W(tag, "tried", ("who", "Desk 2"),
        ("wish", W(tag, "wish-fields", ("visitor", W(tag, "named", ("ticket", "A-001"), ("name", "Ben Ode"))),
            ("changes", W(tag, "field-to", ("field", W(tag, "field-phone")), ("value", W(tag, "quoted", ("text", "333"))))))));

    private static string Found(string tag) => W(tag, "held-field", ("who", "Desk 1"), ("field", W(tag, "field-phone")), ("value", W(tag, "quoted", ("text", "222"))));

    private static string Outcome(string tag) => W(tag, "field-open", ("field", W(tag, "field-phone")), ("current", W(tag, "quoted", ("text", "222"))),
        ("who", "Desk 2"), ("wanted", W(tag, "quoted", ("text", "333"))));

    /// <summary>Two desks edit the same phone: Desk 2 still saw the old one, so its edit meets Desk 1's.</summary>
    private async Task<TestBranch> PhoneConflictAsync()
    {
        var branch = await TestBranch.CreateAsync(App);
        var desk1 = await DeskOfAsync(branch, branch.Desk1);
        var desk2 = await DeskOfAsync(branch, branch.Desk2);
        var ben = Guid.NewGuid();
        var seen = (await desk1.PushOneAsync(desk1.Register(ben, branch.General, "Ben Ode", new { phone = "111" }))).Visit!;
        await desk1.PushOneAsync(desk1.Edit(ben, seen.Version, new { phone = "222" }, new() { ["phone"] = seen.FieldVersions.Phone }));
        var conflict = await desk2.PushOneAsync(desk2.Edit(ben, seen.Version, new { phone = "333" }, new() { ["phone"] = seen.FieldVersions.Phone }));
        Assert.Equal("conflict", conflict.Status);
        return branch;
    }

    private async Task<TestClient> DeskOfAsync(TestBranch branch, Guid desk)
    {
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, desk);
        var id = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == login.UserName).Select(u => u.Id).SingleAsync());
        return new TestClient(App, branch, new Caller(login.UserName, CallerKind.Desk, branch.Id, id, desk));
    }
}
