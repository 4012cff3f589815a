using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

public sealed partial class DeskEverydayTests
{
    [Fact]
    public async Task OnATabletEveryButtonIsAtLeast44PixelsHighAndTheLoopFitsTheScreen()
    {
        var (_, context, desk) = await OpenDeskAsync(1024, 768);
        await using var _ = context;
        var page = desk.Page;
        for (var i = 1; i <= 6; i++) await desk.RegisterAsync($"Tablet visitor {i}");
        await desk.CallNext.ClickAsync();
        await Expect(desk.Now.Locator(".visit")).ToContainTextAsync("Tablet visitor 1");
        await ScreenAsync(page, "desk-1024x768");

        var buttons = page.Locator("#desk button:visible, #desk select:visible, #desk input:visible:not([type='checkbox']), #desk summary:visible");
        var count = await buttons.CountAsync();
        Assert.True(count > 20, $"only {count} controls");
        for (var i = 0; i < count; i++)
        {
            var control = buttons.Nth(i);
            var box = await control.BoundingBoxAsync();
            if (await control.EvaluateAsync<bool>("b => b.classList.contains('link')")) continue;   // a word in a sentence
            Assert.True(box!.Height >= 44, $"{await control.EvaluateAsync<string>("b => b.outerHTML.slice(0, 120)")} is {box.Height} px high");
        }

        await ExpectOnScreenAsync(DeskPage.Button(desk.Now.Locator(".visit"), "Start"));
        await ExpectNoPageScrollAsync(page);
        await ExpectNoSideScrollAsync(page);
    }

    [Fact]
    public async Task At200PercentZoomAndOnAPhoneNothingScrollsSidewaysAndCallNextIsReached()
    {
        // 683×384 CSS pixels is a 1366×768 screen at 200 % zoom.
        var (_, context, desk) = await OpenDeskAsync(683, 384);
        await using var _ = context;
        var page = desk.Page;
        await desk.RegisterAsync("Zoomed visitor with a rather long name indeed", phone: "0700 123 456");
        await ExpectNoSideScrollAsync(page);
        await desk.CallNext.ScrollIntoViewIfNeededAsync();
        await ExpectOnScreenAsync(desk.CallNext);
        await desk.CallNext.ClickAsync();
        var here = desk.Now.Locator(".visit");
        await Expect(here).ToContainTextAsync("Zoomed visitor");
        await DeskPage.Button(here, "Start").ClickAsync();
        await Expect(here).ToContainTextAsync("Being served here");
        await ExpectNoSideScrollAsync(page);
        await ScreenAsync(page, "desk-683x384-zoom200");

        await page.SetViewportSizeAsync(390, 844);
        await desk.RegisterAsync("Phone visitor");
        await page.EvaluateAsync("() => scrollTo(0, 0)");
        await ExpectNoSideScrollAsync(page);
        await ScreenAsync(page, "desk-390x844");
        await page.GetByText("Sync details").ClickAsync();
        await Expect(page.Locator("#sync-line")).ToBeVisibleAsync();
        await ExpectNoSideScrollAsync(page);
        await ScreenAsync(page, "desk-390x844-sync-details");
        await DeskPage.Button(here, "Complete").ClickAsync();
        await Expect(here).ToHaveCountAsync(0);
        await ExpectNoSideScrollAsync(page);
    }
}
