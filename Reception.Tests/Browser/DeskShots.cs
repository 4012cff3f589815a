using Microsoft.Playwright;

namespace Reception.Tests.Browser;

/// <summary>Screenshots at the sizes desks have (1366×768 desk PC, 1024×768 tablet), when RECEPTION_SCREENSHOTS names a folder.</summary>
internal static class DeskShots
{
    private static readonly (int Width, int Height)[] Sizes = [(1366, 768), (1024, 768)];

    /// <param name="subject">Scrolled into view at each size, when it may be below the fold.</param>
    public static async Task TakeAsync(IPage page, string name, ILocator? subject = null)
    {
        if (Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        var before = page.ViewportSize;
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            if (subject is not null) await subject.ScrollIntoViewIfNeededAsync();
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}x{height}.png") });
        }

        if (before is not null) await page.SetViewportSizeAsync(before.Width, before.Height);
    }
}
