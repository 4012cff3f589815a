using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using Reception.Web.Api;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>A browser app whose sign-in limit is reached after two tries, as a guessed login would reach it.</summary>
public sealed class TightSignInApp() : BrowserApp(s => s.PostConfigure<RateLimitOptions>(o => o.TokenRequestsPerMinute = 2));

/// <summary>
/// The links that lead a person back after a refusal, clicked as the person clicks them: the "not
/// allowed" page of a desk that opened /admin, and the page of someone who tried to sign in too often.
/// Screenshots (RECEPTION_SCREENSHOTS) at a desk PC's, a tablet's and a phone's size.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WayBackTests(TightSignInApp browser) : IClassFixture<TightSignInApp>
{
    private static readonly (string Name, int Width, int Height)[] Sizes = [("desk-pc", 1366, 768), ("tablet", 1024, 768), ("phone", 390, 844)];

    [Fact]
    public async Task ADeskThatOpensTheAdminPagesIsToldItMayNotAndClicksBackToItsDesk()
    {
        var branch = await TestBranch.CreateAsync(browser.App);
        var login = await TestLogin.CreateAsync(browser.App, branch, Roles.Desk, branch.Desk1);
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, login);

        await desk.Page.GotoAsync("/admin");
        await Expect(desk.Page.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Not allowed");
        await ScreenshotsAsync(desk.Page, "denied");
        await desk.Page.GetByRole(AriaRole.Link, new() { Name = "Back to your desk" }).ClickAsync();

        await desk.Page.WaitForURLAsync("**/desk");
        await desk.WaitReadyAsync();
        await ScreenshotsAsync(desk.Page, "desk");
    }

    [Fact]
    public async Task SomeoneWhoTriedToSignInTooOftenIsToldToWaitAndClicksTryAgain()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        var limited = page.GetByRole(AriaRole.Heading, new() { Name = "Too many sign-in attempts" });
        for (var i = 0; i < 5 && !await limited.IsVisibleAsync(); i++)
        {
            await page.GetByLabel("User name").FillAsync("nobody");
            await page.GetByLabel("Password").FillAsync("wrong-" + i);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForLoadStateAsync();
        }

        await Expect(limited).ToBeVisibleAsync();
        await ScreenshotsAsync(page, "too-many-sign-ins");
        await page.GetByRole(AriaRole.Link, new() { Name = "try again" }).ClickAsync();

        await page.WaitForURLAsync("**/login");
        await Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
    }

    private static async Task ScreenshotsAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is not { Length: > 0 } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        var size = page.ViewportSize;
        foreach (var (label, width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{label}.png") });
        }

        if (size is not null) await page.SetViewportSizeAsync(size.Width, size.Height);
    }
}
