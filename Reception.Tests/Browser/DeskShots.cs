using Microsoft.Playwright;

namespace Reception.Tests.Browser;

/// <summary>Screenshots at the sizes desks have (1366×768 desk PC, 1024×768 tablet), when RECEPTION_SCREENSHOTS names a folder.</summary>
internal static class DeskShots
{
    private static readonly (int Width, int Height)[] Sizes = [(1366, 768), (1024, 768)];

    public static async Task TakeAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is not { Length: > 0 } folder) return;
        Directory.CreateDirectory(folder);
        var before = page.ViewportSize;
        foreach (var (width, height) in Sizes)
        {
            await page.SetViewportSizeAsync(width, height);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{name}-{width}x{height}.png") });
        }

        if (before is not null) await page.SetViewportSizeAsync(before.Width, before.Height);
    }
}
