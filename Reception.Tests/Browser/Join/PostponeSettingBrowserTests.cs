using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Visitors;
using Reception.Tests.Browser.Board;
using Reception.Tests.Browser.Visitor;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Join;

/// <summary>
/// How far "I need a few more minutes" moves a visitor back, set in the branch's phone-joining
/// settings: a bad number is refused in words and changes nothing, 0 takes the button off the
/// visitor's status page, and any other number puts it back.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PostponeSettingBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task AnAdminSetsThePlacesTheStatusPageFollowsAndZeroTakesTheButtonAway()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        var registered = await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "First"),
            setup.Register(Guid.NewGuid(), branch.General, "Second"));
        var status = "/v/" + registered[0].Visit!.Code;

        await using var adminContext = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(adminContext, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GotoAsync($"/admin/branch/{branch.Slug}");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Settings: on or off, opening hours, phone, services" }).ClickAsync();
        var places = admin.GetByLabel("Places “I need a few more minutes” moves a visitor back");
        await Expect(places).ToHaveValueAsync("3");

        // Too many: refused in words, nothing saved.
        await places.FillAsync("25");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.Locator("#postpone-error")).ToHaveTextAsync($"\"25\" is not a number of places from 0 (not offered) to {PostponeSetting.MaxPlaces}.");
        await Expect(places).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(admin.Locator("#saved")).ToBeEmptyAsync();
        Assert.Equal(3, await PlacesAsync(branch));
        await places.FillAsync("");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.Locator("#postpone-error")).ToContainTextAsync("a whole number from 0 (not offered)");
        Assert.Equal(3, await PlacesAsync(branch));

        // 0: saved, and the status page no longer offers it.
        await places.FillAsync("0");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.Locator("#saved")).ToHaveTextAsync("Saved: joining from a phone is off; visitors are not offered \"a few more minutes\".");
        await Expect(places).ToHaveValueAsync("0");
        Assert.Equal(0, await PlacesAsync(branch));
        await using var phoneContext = await VisitorPhone.ContextAsync(browser);
        var phone = await VisitorPhone.OpenAsync(phoneContext, status);
        await Expect(phone.Headline).ToHaveTextAsync("You are next");
        var moreTime = phone.Page.GetByRole(AriaRole.Button, new() { Name = "I need a few more minutes" });
        await Expect(moreTime).ToBeHiddenAsync();

        // 2: offered again; with only one visitor behind, "2 places" moves them behind that one.
        await places.FillAsync("2");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.Locator("#saved")).ToHaveTextAsync("Saved: joining from a phone is off; \"a few more minutes\" moves a visitor back 2 places.");
        Assert.Equal(2, await PlacesAsync(branch));
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(admin));
        await admin.SetViewportSizeAsync(390, 844);
        await BoardPages.AssertFitsAsync(admin);
        await BoardPages.ScreenshotAsync(admin, "join-settings-postpone-390");

        await phone.Page.ReloadAsync();
        await Expect(phone.Page.Locator("#visitor[data-ready='true']")).ToBeAttachedAsync();
        await Expect(moreTime).ToBeVisibleAsync();
        await phone.ScreenshotAsync("status-postpone-offered");
        await moreTime.ClickAsync();
        var confirm = phone.Page.GetByRole(AriaRole.Dialog, new() { Name = "Need a few more minutes?" });
        await Expect(confirm).ToContainTextAsync("You will move back 2 places in line.");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move me back" }).ClickAsync();
        await Expect(phone.Headline).ToHaveTextAsync("1 person before you");
    }

    private Task<int> PlacesAsync(TestBranch branch) =>
        App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.PostponePlaces).SingleAsync());
}
