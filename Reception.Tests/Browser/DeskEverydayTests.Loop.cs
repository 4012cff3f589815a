using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

public sealed partial class DeskEverydayTests
{
    [Fact]
    public async Task RegisterCallStartAndCompleteFitOneDeskScreenWithTwelveWaiting()
    {
        var (_, context, desk) = await OpenDeskAsync(1366, 768);
        await using var _ = context;
        var page = desk.Page;
        for (var i = 1; i <= 12; i++)
        {
            await desk.RegisterAsync($"Visitor {i:00}", phone: $"0700 000 {i:000}");
        }
        await Expect(page.Locator("#queues .visit")).ToHaveCountAsync(12);
        await ExpectNoPageScrollAsync(page);

        await desk.CallNext.ClickAsync();
        var here = desk.Now.Locator(".visit");
        await Expect(here).ToHaveCountAsync(1);
        await Expect(here).ToContainTextAsync("Visitor 01");
        await Expect(here).ToContainTextAsync("Called to this desk");
        await Expect(page.Locator("#queues .visit")).ToHaveCountAsync(11);
        await ScreenAsync(page, "desk-1366x768-after-call-next");
        var violations = await Board.BoardPages.SeriousAccessibilityViolationsAsync(page);
        Assert.True(violations.Count == 0, string.Join("\n", violations));
        foreach (var text in new[] { "Start", "Recall", "No-show", "Return to queue" })
        {
            await ExpectOnScreenAsync(DeskPage.Button(here, text));
        }
        await ExpectNoPageScrollAsync(page);

        await DeskPage.Button(here, "Start").ClickAsync();
        await Expect(here).ToContainTextAsync("Being served here");
        await ExpectOnScreenAsync(DeskPage.Button(here, "Complete"));
        await ExpectNoPageScrollAsync(page);

        await DeskPage.Button(here, "Complete").ClickAsync();
        await Expect(here).ToHaveCountAsync(0);
        await Expect(desk.Now).ToContainTextAsync("No one yet");
        await ExpectOnScreenAsync(desk.CallNext);
        await ExpectOnScreenAsync(page.GetByRole(AriaRole.Button, new() { Name = "Register" }));
        await ExpectNoPageScrollAsync(page);

        // The waiting line scrolls in its own area (the mouse wheel over it): its last visitor is reached there.
        var lastOne = desk.Visit("Visitor 12");
        await Expect(lastOne).Not.ToBeInViewportAsync();
        await page.Locator("#queues").HoverAsync();
        await page.Mouse.WheelAsync(0, 5000);
        await ExpectOnScreenAsync(lastOne.Locator(".name"));
        await ExpectNoPageScrollAsync(page);
    }

    [Fact]
    public async Task TheSearchBoxFiltersTheQueueByNameTicketOrPhoneAsTheReceptionistTypes()
    {
        var (_, context, desk) = await OpenDeskAsync(1366, 768);
        await using var _ = context;
        await desk.RegisterAsync("Ada Lovelace", phone: "0700 111 222");
        await desk.RegisterAsync("Blaise Pascal", phone: "0799 333 444");
        var grace = await desk.RegisterAsync("Grace Hopper");
        await Expect(grace.Locator(".ticket")).ToHaveTextAsync(new Regex(@"^A-\d{3,}$"));   // numbered by the server
        var graceTicket = await grace.Locator(".ticket").InnerTextAsync();

        await desk.Search.PressSequentiallyAsync("pasc");
        await Expect(desk.Visit("Blaise Pascal")).ToBeVisibleAsync();
        await Expect(desk.Visit("Ada Lovelace")).ToBeHiddenAsync();
        await Expect(desk.Visit("Grace Hopper")).ToBeHiddenAsync();
        await Expect(desk.Page.Locator("#search-result")).ToHaveTextAsync("1 of 3 shown.");

        await desk.Search.FillAsync("111222");
        await Expect(desk.Visit("Ada Lovelace")).ToBeVisibleAsync();
        await Expect(desk.Visit("Blaise Pascal")).ToBeHiddenAsync();

        await desk.Search.FillAsync(graceTicket.ToLowerInvariant());
        await Expect(desk.Visit("Grace Hopper")).ToBeVisibleAsync();
        await Expect(desk.Visit("Ada Lovelace")).ToBeHiddenAsync();

        await desk.Search.FillAsync("nobody by that name");
        await Expect(desk.Page.Locator("#search-result")).ToHaveTextAsync("No visitor in the queue matches.");
        await Expect(desk.Page.GetByText("No one here matches the search.").First).ToBeVisibleAsync();

        // Escape in the box clears it: everyone is back.
        await desk.Search.PressAsync("Escape");
        await Expect(desk.Search).ToHaveValueAsync("");
        await Expect(desk.Page.Locator("#queues .visit:visible")).ToHaveCountAsync(3);

        // A visitor registered while a search is typed is filtered too.
        await desk.Search.FillAsync("ada");
        await desk.RegisterAsync("Adam Smith");
        await Expect(desk.Page.Locator("#queues .visit:visible")).ToHaveCountAsync(2);
        await Expect(desk.Page.Locator("#queues .visit:visible .name")).ToHaveTextAsync(new Regex[] { new("^Ada Lovelace$"), new("^Adam Smith$") });
    }
}
