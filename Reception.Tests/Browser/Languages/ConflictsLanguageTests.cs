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
        string W(string code, params (string, object)[] args) =>
            Texts.Get("de", "conflicts." + code, args.ToDictionary(a => a.Item1, a => a.Item2));

        var branch = await TestBranch.CreateAsync(App);
        var desk1 = await DeskOfAsync(branch, branch.Desk1);
        var desk2 = await DeskOfAsync(branch, branch.Desk2);
        var ben = Guid.NewGuid();
        var seen = (await desk1.PushOneAsync(desk1.Register(ben, branch.General, "Ben Ode", new { phone = "111" }))).Visit!;
        await desk1.PushOneAsync(desk1.Edit(ben, seen.Version, new { phone = "222" }, new() { ["phone"] = seen.FieldVersions.Phone }));
        // Desk 2 still saw the old phone: its edit meets Desk 1's.
        var conflict = await desk2.PushOneAsync(desk2.Edit(ben, seen.Version, new { phone = "333" }, new() { ["phone"] = seen.FieldVersions.Phone }));
        Assert.Equal("conflict", conflict.Status);

        await using var context = await Speaking.DeviceAsync(browser, "en-GB", 1366, 768, phone: false);
        var page = await BoardPages.DashboardAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Language" }).SelectOptionAsync("de");
        await Speaking.ExpectLanguageAsync(page, "de", "ltr");
        await page.GotoAsync("/dashboard/conflicts?branch=" + branch.Slug);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = Texts.Get("de", "board.conflicts.today") })).ToBeVisibleAsync();
        var entry = page.Locator("#problems .problem");
        var phone = W("field-phone");
        await Expect(entry.Locator(".tried")).ToHaveTextAsync(W("tried", ("who", "Desk 2"),
            ("wish", W("wish-fields", ("visitor", W("named", ("ticket", "A-001"), ("name", "Ben Ode"))),
                ("changes", W("field-to", ("field", phone), ("value", W("quoted", ("text", "333")))))))));
        await Expect(entry.Locator(".found")).ToHaveTextAsync(W("held-field", ("who", "Desk 1"), ("field", phone), ("value", W("quoted", ("text", "222")))));
        await Expect(entry.Locator(".outcome span")).ToHaveTextAsync(W("field-open", ("field", phone), ("current", W("quoted", ("text", "222"))),
            ("who", "Desk 2"), ("wanted", W("quoted", ("text", "333")))));
        await Expect(entry.Locator(".tried")).ToContainTextAsync("hat versucht, bei A-001 Ben Ode das Feld Telefon auf „333“ zu ändern.");
        await entry.Locator("summary").ClickAsync();
        await Expect(entry.Locator(".technical")).ToContainTextAsync(Texts.Get("de", "reasons.details-changed",
            new Dictionary<string, object> { ["fields"] = "phone", ["ticket"] = "A-001" }));
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

    private async Task<TestClient> DeskOfAsync(TestBranch branch, Guid desk)
    {
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, desk);
        var id = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == login.UserName).Select(u => u.Id).SingleAsync());
        return new TestClient(App, branch, new Caller(login.UserName, CallerKind.Desk, branch.Id, id, desk));
    }
}
