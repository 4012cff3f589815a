using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

public sealed partial class DeskEverydayTests
{
    [Fact]
    public async Task TheReceptionistWorksTheLoopFromTheKeyboardAndTheFocusStaysWhereTheWorkIs()
    {
        var (_, context, desk) = await OpenDeskAsync(1366, 768);
        await using var _ = context;
        var page = desk.Page;
        var name = desk.RegisterForm.GetByLabel("Name", new() { Exact = true });
        await Expect(name).ToBeFocusedAsync();   // on load

        // Register by typing and Enter; the cursor is back in Name for the next one.
        await page.Keyboard.TypeAsync("Ada Lovelace");
        await page.Keyboard.PressAsync("Enter");
        await Expect(desk.Visit("Ada Lovelace")).ToBeVisibleAsync();
        await Expect(name).ToBeFocusedAsync();
        await desk.RegisterAsync("Blaise Pascal");

        // The shortcuts are on screen, and do what they say.
        await Expect(page.Locator("#call-next kbd")).ToHaveTextAsync("Alt+N");
        await Expect(page.Locator("#register-title kbd")).ToHaveTextAsync("Alt+R");
        await page.Keyboard.PressAsync("Alt+N");
        var here = desk.Now.Locator(".visit");
        await Expect(here).ToContainTextAsync("Ada Lovelace");

        // "/" is a character while typing in a field, and the search shortcut elsewhere.
        await name.FocusAsync();
        await page.Keyboard.TypeAsync("a/b");
        await Expect(name).ToHaveValueAsync("a/b");
        await name.FillAsync("");
        await desk.CallNext.FocusAsync();
        await page.Keyboard.PressAsync("/");
        await Expect(desk.Search).ToBeFocusedAsync();
        await Expect(desk.Search).ToHaveValueAsync("");
        await page.Keyboard.PressAsync("Alt+R");
        await Expect(name).ToBeFocusedAsync();

        // From Name (where the page starts), the called visitor's Start is a few Tabs away.
        await page.ReloadAsync();
        await desk.WaitReadyAsync();
        await Expect(name).ToBeFocusedAsync();
        var start = DeskPage.Button(here, "Start");
        var tabs = 0;
        while (!await start.EvaluateAsync<bool>("b => b === document.activeElement"))
        {
            Assert.True(++tabs <= 10, "Start is more than 10 Tabs from the page's start");
            await page.Keyboard.PressAsync("Tab");
        }

        // Enter on Start: the focus stays on the visitor, on the next step.
        await page.Keyboard.PressAsync("Enter");
        await Expect(here).ToContainTextAsync("Being served here");
        await Expect(DeskPage.Button(here, "Complete")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(here).ToHaveCountAsync(0);
        await Expect(desk.CallNext).ToBeFocusedAsync();

        // Enter on Call next calls the next visitor; the focus stays there, ready for the one after.
        await page.Keyboard.PressAsync("Enter");
        await Expect(here).ToContainTextAsync("Blaise Pascal");
        await Expect(desk.CallNext).ToBeFocusedAsync();

        // Escape closes the edit form, and the focus is back on its button.
        var edit = here.GetByRole(AriaRole.Button, new() { NameRegex = new("^Edit details") });
        await edit.ClickAsync();
        var form = here.Locator("form.visit-edit");
        await Expect(form.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(form).ToHaveCountAsync(0);
        await Expect(edit).ToBeFocusedAsync();

        // A visitor in the line marked as a no-show: the focus moves to the next one, not to the top.
        await desk.RegisterAsync("Charles Babbage");
        await desk.RegisterAsync("Dorothy Vaughan");
        await DeskPage.Button(desk.Visit("Charles Babbage"), "No-show").ClickAsync();
        await Expect(desk.Visit("Charles Babbage")).ToHaveCountAsync(0);
        await Expect(DeskPage.Button(desk.Visit("Dorothy Vaughan"), "Call")).ToBeFocusedAsync();
    }
}
