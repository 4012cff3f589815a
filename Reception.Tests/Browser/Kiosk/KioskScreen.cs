using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using Reception.Web.Kiosk;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Kiosk;

/// <summary>The self check-in kiosk on a 1024×768 touch tablet, used as a visitor uses it: tap, type, tap.</summary>
public sealed class KioskScreen(IPage page)
{
    public IPage Page => page;

    public ILocator Ticket => page.Locator("#ticket-number");

    public ILocator SwitchedOff => page.GetByRole(AriaRole.Heading, new() { Name = "This kiosk has been switched off" });

    public static async Task<IBrowserContext> ContextAsync(BrowserApp browser)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 1024, Height = 768 }, HasTouch = true,
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(15_000);
        return context;
    }

    /// <summary>A kiosk token of the branch, made as the admin page makes one; returns the token.</summary>
    public static async Task<string> TokenAsync(ReceptionApp app, TestBranch branch)
    {
        var token = KioskTokens.Generate();
        await app.WithDbAsync(db =>
        {
            db.KioskTokens.Add(new KioskToken
            {
                Id = Guid.NewGuid(), BranchId = branch.Id, Name = "Entrance", TokenHash = KioskTokens.Hash(token), CreatedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        return token;
    }

    /// <summary>Opens a kiosk link, with window.print counted instead of printing (window.__printed).</summary>
    public static async Task<KioskScreen> OpenAsync(IBrowserContext context, string link)
    {
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync("window.__printed = 0; window.print = () => { window.__printed++; };");
        await page.GotoAsync(link);
        await Expect(page.Locator("#kiosk[data-ready='true']")).ToBeAttachedAsync();
        return new KioskScreen(page);
    }

    public static Task<KioskScreen> OpenAsync(IBrowserContext context, TestBranch branch, string token) =>
        OpenAsync(context, $"/kiosk/{branch.Slug}?token={Uri.EscapeDataString(token)}");

    /// <summary>Tap the service, type the name (when given), tap Confirm; waits for the ticket.</summary>
    public async Task<string> CheckInAsync(string service, string? name = null)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = service, Exact = true }).TapAsync();
        if (name is not null)
        {
            await page.GetByLabel("Your name").FillAsync(name);
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).TapAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Your ticket") })).ToBeVisibleAsync();
        return (await Ticket.TextContentAsync())!;
    }

    public async Task<int> PrintedAsync() => await page.EvaluateAsync<int>("() => window.__printed");

    /// <summary>Saves a screenshot when RECEPTION_SCREENSHOTS names a folder.</summary>
    public Task ScreenshotAsync(string name) => BoardPages.ScreenshotAsync(page, "kiosk-" + name);

    /// <summary>Screenshots on the 1024×768 tablet and on a 1366×768 kiosk PC ("name-1024", "name-1366"), back to the tablet after.</summary>
    public async Task ScreenshotBothSizesAsync(string name)
    {
        await ScreenshotAsync(name + "-1024");
        await page.SetViewportSizeAsync(1366, 768);
        await ScreenshotAsync(name + "-1366");
        await page.SetViewportSizeAsync(1024, 768);
    }

    public Task<IReadOnlyList<string>> AccessibilityViolationsAsync() => BoardPages.SeriousAccessibilityViolationsAsync(page);
}
