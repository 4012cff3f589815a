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

    private async Task<(TestBranch Branch, IBrowserContext Context, DeskPage Desk)> OpenDeskAsync(int width, int height)
    {
        var branch = await TestBranch.CreateAsync(App);
        var context = await browser.NewContextAsync();
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

    /// <summary>The element is on screen as it is: inside the viewport, without scrolling the page.</summary>
    private static async Task ExpectOnScreenAsync(IPage page, ILocator element)
    {
        await Expect(element).ToBeVisibleAsync();
        // A card is rebuilt when its sync state changes: measured again if it was replaced meanwhile.
        var box = await element.BoundingBoxAsync();
        for (var attempt = 0; box is null && attempt < 5; attempt++)
        {
            await Expect(element).ToBeVisibleAsync();
            box = await element.BoundingBoxAsync();
        }
        Assert.NotNull(box);
        var viewport = page.ViewportSize!;
        Assert.True(box.Y >= 0 && box.Y + box.Height <= viewport.Height, $"from {box.Y} to {box.Y + box.Height} px, beyond {viewport.Height}");
        Assert.True(box.X >= 0 && box.X + box.Width <= viewport.Width, $"from {box.X} to {box.X + box.Width} px, beyond {viewport.Width}");
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
        Assert.True(size[0] <= size[1], $"the page is {size[0]} px wide in a {size[1]} px window");
    }

    /// <summary>What the receptionist sees (not the full page), when RECEPTION_SCREENSHOTS names a folder.</summary>
    private static Task ScreenAsync(IPage page, string name) =>
        Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is { Length: > 0 } folder
            ? page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") })
            : Task.CompletedTask;
}
