using System.Text.Json;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using Reception.Web.Display;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Board;

/// <summary>What the board tests do in a browser: sign in as anyone, open a display, check accessibility.</summary>
public static class BoardPages
{
    /// <summary>Signs in through the real login page and waits for the page the role lands on.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext context, TestLogin login, string landsOn)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(login.UserName);
        await page.GetByLabel("Password").FillAsync(login.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**" + landsOn);
        return page;
    }

    /// <summary>Opens the dashboard of a branch and waits for its live connection.</summary>
    public static async Task<IPage> DashboardAsync(IBrowserContext context, TestLogin manager, TestBranch branch)
    {
        var page = await SignInAsync(context, manager, "/dashboard");
        if (!page.Url.Contains(branch.Slug, StringComparison.Ordinal))
        {
            await page.GotoAsync("/dashboard?branch=" + branch.Slug);
        }

        await Expect(page.Locator("#dashboard[data-ready='true']")).ToBeAttachedAsync();
        await Expect(page.Locator("#live")).ToHaveTextAsync("Live");
        return page;
    }

    /// <summary>A display token of the branch, made as the admin page makes one; returns the token.</summary>
    public static async Task<string> DisplayTokenAsync(ReceptionApp app, TestBranch branch)
    {
        var token = DisplayTokens.Generate();
        await app.WithDbAsync(db =>
        {
            db.DisplayTokens.Add(new DisplayToken
            {
                Id = Guid.NewGuid(), BranchId = branch.Id, Name = "Test screen", TokenHash = DisplayTokens.Hash(token), CreatedAt = DateTime.UtcNow,
            });
            return db.SaveChangesAsync();
        });
        return token;
    }

    /// <summary>
    /// Opens the public screen with speech recorded instead of spoken: window.__spoken lists what
    /// was said, in order, and window.__spokenLangs the language each was spoken in. Sound is
    /// turned on as a person at the screen would (one click).
    /// </summary>
    public static async Task<IPage> DisplayAsync(IBrowserContext context, TestBranch branch, string token)
    {
        var page = await context.NewPageAsync();
        await page.AddInitScriptAsync("""
            window.__spoken = [];
            window.__spokenLangs = [];
            Object.defineProperty(window, 'speechSynthesis', { configurable: true, value: {
              speak: u => { window.__spoken.push(u.text); window.__spokenLangs.push(u.lang); }, cancel() {}, getVoices: () => [] } });
            """);
        await page.GotoAsync($"/display/{branch.Slug}?token={Uri.EscapeDataString(token)}");
        await Expect(page.Locator("#display[data-ready='true']")).ToBeAttachedAsync();
        var sound = page.Locator("#sound");
        if (await sound.IsVisibleAsync())
        {
            await sound.ClickAsync();
            await Expect(sound).ToBeHiddenAsync();
        }

        await Expect(page.Locator("#display[data-live='true']")).ToBeAttachedAsync();
        return page;
    }

    public static async Task<IReadOnlyList<string>> SpokenAsync(IPage display) =>
        await display.EvaluateAsync<string[]>("() => window.__spoken.slice()");

    /// <summary>Runs axe-core in the page; returns the serious and critical violations, described.</summary>
    public static async Task<IReadOnlyList<string>> SeriousAccessibilityViolationsAsync(IPage page)
    {
        // Evaluated rather than added as a <script> element: the pages' policy refuses inline scripts.
        await page.EvaluateAsync(await File.ReadAllTextAsync(AxePath()) + "\n;undefined");
        var json = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
            }
            """);
        return json.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>Fails when the page is wider than its window: a phone would scroll it sideways.</summary>
    public static async Task AssertFitsAsync(IPage page)
    {
        // Measured as the person sees it: after the frame that lays the page out at its new size.
        await page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, innerWidth]");
        var wide = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth)
              .slice(0, 5).map(e => `${e.tagName}#${e.id}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)
            """);
        Assert.True(widths[0] <= widths[1], $"{page.Url} is {widths[0]} px wide in a {widths[1]} px window: {string.Join(", ", wide)}");
    }

    /// <summary>Saves a screenshot when RECEPTION_SCREENSHOTS names a folder.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    // Committed beside the tests (scripts/vendor.sh copies it from the pinned npm package); never served by the app.
    private static string AxePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "Reception.Tests", "Browser", "Board", "assets", "axe.min.js");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("axe.min.js is missing: run `bash scripts/vendor.sh` to copy it from the pinned axe-core package.");
    }
}
