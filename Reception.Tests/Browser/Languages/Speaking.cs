using Microsoft.Playwright;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Languages;

/// <summary>Browsers set to a language, as a phone or a tablet is; and what a page in the pseudo-locale must not show.</summary>
public static class Speaking
{
    /// <summary>A device whose languages are <paramref name="locale"/> (its Accept-Language and navigator.languages).</summary>
    public static async Task<IBrowserContext> DeviceAsync(BrowserApp browser, string locale, int width, int height, bool phone)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = phone, HasTouch = true, DeviceScaleFactor = phone ? 2 : 1, Locale = locale,
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(15_000);
        return context;
    }

    /// <summary>The picker's choice, as the culture cookie the server reads first.</summary>
    public static Task ChooseAsync(IBrowserContext context, BrowserApp browser, string tag) =>
        context.AddCookiesAsync([new Cookie
        {
            Name = ".AspNetCore.Culture", Value = Uri.EscapeDataString($"c={tag}|uic={tag}"), Url = browser.BaseAddress.ToString(),
        }]);

    public static async Task ExpectLanguageAsync(IPage page, string lang, string dir)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", lang);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("dir", dir);
    }

    /// <summary>
    /// The join poster is its branch's, in the branch's language whatever the admin's: its texts are the
    /// catalog's in the language it declares (html lang), and the admin's hints above it (not printed)
    /// are checked as the rest of the page is (<see cref="AssertAllFromCatalogAsync"/>).
    /// </summary>
    public static async Task AssertPosterFromCatalogAsync(IPage page, string branchTag)
    {
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", branchTag);
        await Expect(page.Locator(".poster h1")).ToHaveTextAsync(Texts.Get(branchTag, "admin.poster.heading"));
        await Expect(page.Locator(".poster .p-how")).ToHaveTextAsync(Texts.Get(branchTag, "admin.poster.how"));
        await AssertAllFromCatalogAsync(page, ".no-print");
    }

    /// <summary>
    /// In the pseudo-locale: every visible text outside [translate=no] (tickets, times, names people
    /// typed, the branch's and services' names) is a catalog text, [bracketed]; and none is cut off or
    /// runs out of its box or the screen.
    /// </summary>
    /// <param name="root">Where to look (a selector): the whole body, or a page's own part of it.</param>
    public static async Task AssertAllFromCatalogAsync(IPage page, string root = "body")
    {
        var problems = await page.EvaluateAsync<string[]>("""
            root => {
              const problems = [];
              const width = document.documentElement.clientWidth;
              const walker = document.createTreeWalker(document.querySelector(root), NodeFilter.SHOW_TEXT);
              for (let node; (node = walker.nextNode());) {
                const text = node.textContent.trim();
                const el = node.parentElement;
                if (!text || el.closest('[translate="no"], script, style, template')) continue;
                if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
                // Punctuation alone between texts ("(", "—") says nothing in any language.
                if (!/^\[[^]*\]$/.test(text) && /[\p{L}\p{N}]/u.test(text)) problems.push(`not from the catalog: "${text}"`);
                // For screen readers only (a visually hidden heading, a stacked table's head): clipped on purpose.
                let clipped = false;
                for (let a = el; a && !clipped; a = a.parentElement) clipped = getComputedStyle(a).clip.startsWith('rect') || getComputedStyle(a).clipPath !== 'none';
                if (clipped) continue;
                const range = document.createRange();
                range.selectNodeContents(node);
                const r = range.getBoundingClientRect(), box = el.getBoundingClientRect();
                if (r.left < box.left - 1 || r.right > box.right + 1 || r.left < -1 || r.right > width + 1) {
                  problems.push(`runs out of its box: "${text}" (${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(box.left)}–${Math.round(box.right)})`);
                }
                if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') problems.push(`cut off: "${text}"`);
              }
              if (document.documentElement.scrollWidth > width) problems.push('the page scrolls sideways');
              return problems;
            }
            """, root);
        Assert.True(problems.Length == 0, $"{page.Url}:\n" + string.Join("\n", problems));
    }
}
