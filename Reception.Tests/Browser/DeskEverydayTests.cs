using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>
/// A receptionist's shift on the desk page, at the sizes it is used at: the whole loop on one screen,
/// the search box, keyboard and touch, the notices, provisional tickets, the branch's clock.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DeskEverydayTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    /// <param name="clock">The page's clock is one the test moves on (Playwright's): it still runs by itself, and a test that waits for time to pass skips it instead.</param>
    private async Task<(TestBranch Branch, IBrowserContext Context, DeskPage Desk)> OpenDeskAsync(int width, int height, bool clock = false)
    {
        var branch = await TestBranch.CreateAsync(App);
        var context = await browser.NewContextAsync();
        if (clock) await context.Clock.InstallAsync();
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        var page = await context.NewPageAsync();
        await page.SetViewportSizeAsync(width, height);
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(login.UserName);
        await page.GetByLabel("Password").FillAsync(login.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/desk");
        var desk = new DeskPage(page);
        await desk.WaitReadyAsync();
        await desk.WaitOnlineAsync();
        return (branch, context, desk);
    }

    /// <summary>The element is on screen: wholly inside the viewport, and not hidden by a scrolling area it is in.</summary>
    private static async Task ExpectOnScreenAsync(ILocator element)
    {
        await Expect(element).ToBeVisibleAsync();
        await Expect(element).ToBeInViewportAsync(new() { Ratio = 1 });
    }

    private static async Task ExpectNoPageScrollAsync(IPage page)
    {
        var size = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollHeight, innerHeight, Math.round(scrollY)]");
        Assert.True(size[0] <= size[1], $"the page is {size[0]} px tall in a {size[1]} px window");
        Assert.Equal(0, size[2]);
    }

    private static async Task ExpectNoSideScrollAsync(IPage page)
    {
        var size = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, innerWidth]");
        var wide = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth)
              .slice(0, 5).map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`)
            """);
        Assert.True(size[0] <= size[1], $"the page is {size[0]} px wide in a {size[1]} px window: {string.Join(", ", wide)}");
    }

    /// <summary>What the receptionist sees (not the full page), when RECEPTION_SCREENSHOTS names a folder.</summary>
    private static Task ScreenAsync(IPage page, string name) =>
        Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is { Length: > 0 } folder
            ? page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") })
            : Task.CompletedTask;
}
