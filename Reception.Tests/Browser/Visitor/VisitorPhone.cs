using Microsoft.Playwright;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Visitor;

/// <summary>
/// A visitor's phone (390×844, touch) on their status page, with its alerts counted: every
/// "visitor-alert" the page raises and every navigator.vibrate call, and every message the hub sent it.
/// </summary>
public sealed class VisitorPhone(IPage page, List<string> frames)
{
    public IPage Page => page;

    public ILocator Headline => page.Locator("#headline");

    /// <summary>What the hub sent this page (the WebSocket's text frames), in order.</summary>
    public IReadOnlyList<string> Frames => frames;

    public static async Task<IBrowserContext> ContextAsync(BrowserApp browser)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(15_000);
        return context;
    }

    public static async Task<VisitorPhone> OpenAsync(IBrowserContext context, string address)
    {
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync("""
            window.__alerts = 0;
            window.__vibrations = 0;
            window.__spoken = [];
            document.addEventListener('visitor-alert', () => { window.__alerts++; });
            Object.defineProperty(Navigator.prototype, 'vibrate', { configurable: true, value: () => { window.__vibrations++; return true; } });
            Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
              speak: u => window.__spoken.push(u.text), cancel() {}, getVoices: () => [] } });
            """);
        var frames = new List<string>();
        page.WebSocket += (_, socket) => socket.FrameReceived += (_, frame) =>
        {
            lock (frames) frames.Add(frame.Text ?? "");
        };
        await page.GotoAsync(address);
        await Expect(page.Locator("#visitor[data-ready='true']")).ToBeAttachedAsync();
        await Expect(page.Locator("#visitor[data-live='true']")).ToBeAttachedAsync();
        return new VisitorPhone(page, frames);
    }

    public Task<int> AlertsAsync() => page.EvaluateAsync<int>("() => window.__alerts");

    public Task<int> VibrationsAsync() => page.EvaluateAsync<int>("() => window.__vibrations");

    /// <summary>Waits until the page has alerted <paramref name="count"/> times.</summary>
    public Task WaitAlertsAsync(int count) =>
        page.WaitForFunctionAsync($"() => window.__alerts >= {count}", null, new() { Timeout = 15_000 });

    public async Task ScreenshotAsync(string name)
    {
        var folder = Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS");
        if (folder is { Length: > 0 })
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png") });
        }
    }
}
