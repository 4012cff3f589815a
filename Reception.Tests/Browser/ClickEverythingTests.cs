using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Browser.Board;
using Reception.Tests.Browser.Languages;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>An app of its own, so the admin's pages list only what this test class made (and the demo branch).</summary>
public sealed class ClickEverythingApp : BrowserApp;

/// <summary>
/// Every role, as a person who tries everything: signs in through the login page, opens every page
/// its links reach, clicks every kind of control once (on a fresh branch with waiting visitors,
/// Sign out last), and fails on any 4xx/5xx answer, any console error, any page wider than a
/// 390 px phone, and any serious axe violation. Each kind of page is also opened once in the
/// pseudo-locale (every catalog text [bracketed] and lengthened): a visible text that did not come
/// from the catalog, or one cut off or running out of its box, fails, header included. The visitors'
/// pages, sign-in and the error pages have their own pseudo-locale tests (LanguageBrowserTests,
/// DeskLanguageTests). The crawl itself is <see cref="Crawl"/>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ClickEverythingTests(ClickEverythingApp browser) : IClassFixture<ClickEverythingApp>
{
    [Theory]
    [InlineData(Roles.Desk, "/desk")]
    [InlineData(Roles.Manager, "/dashboard")]
    [InlineData(Roles.Admin, "/admin")]
    public async Task EveryPageOpensShowsOnlyCatalogTextsAndEveryControlWorksForEveryRole(string role, string landsOn)
    {
        var branch = await TestBranch.CreateAsync(browser.App);
        var client = new TestClient(browser.App, branch);
        for (var i = 1; i <= 4; i++)
        {
            await client.PushOneAsync(client.Register(Guid.NewGuid(), i % 2 == 0 ? branch.Billing : branch.General, $"Visitor {i}"));
        }

        var login = await TestLogin.CreateAsync(browser.App, role == Roles.Admin ? null : branch, role,
            role == Roles.Desk ? branch.Desk1 : null);
        await using var context = await browser.NewContextAsync();
        var problems = await PageProblems.WatchAsync(context);
        var crawl = new Crawl(context, browser.BaseAddress, new SecondLanguage(Language.PseudoTag, CatalogCheckAsync,
            url => IsPoster(url) ? Language.English : null));

        var page = await BoardPages.SignInAsync(context, login, landsOn);
        await crawl.VisitAllAsync(page);

        // Sign out last, from the header, as the person ends a shift.
        await page.GotoAsync(landsOn);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login**");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();

        Assert.True(crawl.Pages.Count >= 2, $"only {crawl.Pages.Count} page(s) reached: {string.Join(", ", crawl.Pages)}");
        Assert.True(crawl.Failures.Count == 0,
            $"As {role}, after {crawl.Pages.Count} pages and {crawl.Clicked.Count} controls:\n" + string.Join("\n", crawl.Failures));
        // The API reference is Scalar's interface: it probes for eval, which the page's policy refuses (and it needs none).
        problems.AssertNone(p => p.Contains("/api/docs/", StringComparison.Ordinal) && p.Contains("blocked eval", StringComparison.Ordinal));
    }

    // The join poster is printed in its branch's language (these branches have none set: English), not the admin's.
    private static Task CatalogCheckAsync(IPage page) =>
        IsPoster(new Uri(page.Url)) ? Speaking.AssertPosterFromCatalogAsync(page, Language.English) : Speaking.AssertAllFromCatalogAsync(page);

    private static bool IsPoster(Uri url) => url.AbsolutePath.EndsWith("/poster", StringComparison.Ordinal);
}
