using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;

namespace Reception.Tests.Browser.Languages;

/// <summary>An app of its own, so the admin's pages list only what this test class made (and the demo branch).</summary>
public sealed class PseudoLocaleCrawlApp : BrowserApp;

/// <summary>
/// Every page each role's links reach, in the pseudo-locale (every catalog text [bracketed] and
/// lengthened): a visible text that did not come from the catalog, or one cut off or running out of
/// its box, fails, on each kind of page, header included. The visitors' pages, sign-in and the
/// error pages have their own pseudo-locale tests (LanguageBrowserTests, DeskLanguageTests).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PseudoLocaleEveryPageTests(PseudoLocaleCrawlApp browser) : IClassFixture<PseudoLocaleCrawlApp>
{
    [Theory]
    [InlineData(Roles.Desk, "/desk")]
    [InlineData(Roles.Manager, "/dashboard")]
    [InlineData(Roles.Admin, "/admin")]
    public async Task EveryPageOfEveryRoleShowsOnlyCatalogTextsAndNoneIsCutOff(string role, string landsOn)
    {
        var branch = await TestBranch.CreateAsync(browser.App);
        var client = new TestClient(browser.App, branch);
        for (var i = 1; i <= 3; i++)
        {
            await client.PushOneAsync(client.Register(Guid.NewGuid(), i % 2 == 0 ? branch.Billing : branch.General, $"Visitor {i}"));
        }

        var login = await TestLogin.CreateAsync(browser.App, role == Roles.Admin ? null : branch, role,
            role == Roles.Desk ? branch.Desk1 : null);
        await using var context = await browser.NewContextAsync();
        var page = await BoardPages.SignInAsync(context, login, landsOn);
        await Speaking.ChooseAsync(context, browser, Language.PseudoTag);

        var crawl = new Crawl(context, browser.BaseAddress, CheckAsync, click: false, accessibility: false);
        await page.ReloadAsync();
        await Speaking.ExpectLanguageAsync(page, Language.PseudoTag, "ltr");
        await crawl.VisitAllAsync(page);

        Assert.True(crawl.Pages.Count >= 2, $"only {crawl.Pages.Count} page(s) reached: {string.Join(", ", crawl.Pages)}");
        Assert.True(crawl.Failures.Count == 0,
            $"As {role} in the pseudo-locale, over {crawl.Pages.Count} pages:\n" + string.Join("\n", crawl.Failures));
    }

    // The join poster is printed in its branch's language (these branches have none set: English), not the admin's.
    private static Task CheckAsync(IPage page) =>
        new Uri(page.Url).AbsolutePath.EndsWith("/poster", StringComparison.Ordinal)
            ? Speaking.AssertPosterFromCatalogAsync(page, Language.English)
            : Speaking.AssertAllFromCatalogAsync(page);
}
