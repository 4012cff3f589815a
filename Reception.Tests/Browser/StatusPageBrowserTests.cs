using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>
/// A person who opens a page they may not see, or an address that does not exist, reads Reception's
/// own page (not the browser's bare error) and clicks their way back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StatusPageBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Theory]
    [InlineData("/hangfire", 403, "Not allowed")]
    [InlineData("/no-such-page", 404, "Page not found")]
    public async Task ADeskLoginThatOpensAPageItMayNotSeeOrOneThatIsNotThereClicksBackToItsDesk(string path, int status, string heading)
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var problems = await PageProblems.WatchAsync(context);
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        var page = desk.Page;
        await desk.WaitOnlineAsync();

        var response = await page.GotoAsync(path);

        Assert.Equal(status, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
        await Expect(page).ToHaveTitleAsync($"{heading} · Reception");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to your desk" }).ClickAsync();
        await page.WaitForURLAsync("**/desk");
        await desk.WaitReadyAsync();
        problems.AssertNone(NavigationStatus);
    }

    [Fact]
    public async Task SomeoneSignedOutAtAnUnknownAddressIsOfferedToSignIn()
    {
        await using var context = await browser.NewContextAsync();
        var problems = await PageProblems.WatchAsync(context);
        var page = await context.NewPageAsync();

        var response = await page.GotoAsync("/no-such-page");

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await page.Locator("main").GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        await Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
        problems.AssertNone(NavigationStatus);
    }

    // Chromium reports the page's own 403/404 as a console error; that status is the point here.
    private static bool NavigationStatus(string problem) =>
        problem.Contains("Failed to load resource: the server responded with a status of 40", StringComparison.Ordinal);
}
