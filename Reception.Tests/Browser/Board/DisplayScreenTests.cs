using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Testing.Processes;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Board;

/// <summary>
/// The public screen as its viewers and its installer meet it: a full-HD screen fills its height
/// with earlier calls, on the branch's clock; sound needs no click on a screen started with autoplay
/// allowed (the admin's display-link setting), and one click elsewhere.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DisplayScreenTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private const string AutoplayAllowed = "--autoplay-policy=no-user-gesture-required";

    private ReceptionApp App => browser.App;

    [Fact]
    public async Task AFullHdScreenWithTenEarlierCallsShowsMoreThanFourOnTheBranchClockWithoutScrolling()
    {
        var branch = await TestBranch.CreateAsync(App);
        await App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.TimeZoneId, "Asia/Tokyo")));
        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        var visits = Enumerable.Range(1, 11).Select(_ => Guid.NewGuid()).ToList();
        await setup.PushAsync(visits.Select((v, i) => setup.Register(v, branch.General, $"Visitor {i}")).ToArray());
        await setup.PushAsync(visits.Select((v, i) => setup.Call(v, i % 2 == 0 ? branch.Desk1 : branch.Desk2)).ToArray());
        var token = await BoardPages.DisplayTokenAsync(App, branch);

        // The screen's own zone is New York's: the times must still be Tokyo's, the branch's.
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.BaseAddress.ToString(), ViewportSize = new() { Width = 1920, Height = 1080 }, TimezoneId = "America/New_York",
        });
        var display = await context.NewPageAsync();
        await display.GotoAsync($"/display/{branch.Slug}?token={Uri.EscapeDataString(token)}");
        await Expect(display.Locator("#display[data-ready='true']")).ToBeAttachedAsync();
        await Expect(display.Locator("#newest [data-part='ticket']")).ToHaveTextAsync("A-011");
        await BoardPages.ScreenshotAsync(display, "display-1920");

        var shown = await display.Locator("#calls tr:visible").CountAsync();
        Assert.True(shown > 4, $"only {shown} earlier calls are shown on a 1920×1080 screen");
        Assert.True(await display.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= innerHeight"), "the screen scrolls");
        var lastRow = await display.Locator("#calls tr:visible").Last.BoundingBoxAsync();
        Assert.True(lastRow!.Y + lastRow.Height <= 1080, "an earlier call is cut off at the screen's edge");

        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");
        var expected = (await App.WithDbAsync(db => db.Notifications.Where(n => n.BranchId == branch.Id).Select(n => n.At).ToListAsync()))
            .Select(at => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), tokyo).ToString("HH:mm")).ToHashSet();
        Assert.All(await display.Locator("#calls tr:visible .call-time").AllTextContentsAsync(), time => Assert.Contains(time, expected));
    }

    [Fact]
    public async Task TheAdminsAutoplaySettingGivesALinkWhoseScreenStartsSoundWithoutAButtonWhereAutoplayIsAllowed()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var adminContext = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(adminContext, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GotoAsync($"/admin/branch/{branch.Slug}");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Create a display link" }).ClickAsync();
        await admin.GetByLabel("Name").FillAsync("Waiting room TV");
        await admin.GetByLabel("Sound starts by itself — for a screen started with autoplay allowed").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the display link" }).ClickAsync();
        var link = await admin.Locator("#secret").InputValueAsync();
        Assert.EndsWith("&sound=auto", link);

        // A TV's browser, started the way the setting says: no mouse, no click, sound on.
        using var playwright = await Playwright.CreateAsync();
        await using var tv = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = Chromium.Locate(Environment.GetEnvironmentVariable(Chromium.Variable)), Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-sync", AutoplayAllowed],
        });
        var screen = await (await tv.NewContextAsync(new() { ViewportSize = new() { Width = 1920, Height = 1080 } })).NewPageAsync();
        await screen.GotoAsync(link);
        await Expect(screen.Locator("#display[data-ready='true']")).ToBeAttachedAsync();
        await Expect(screen.Locator("#display[data-sound='on']")).ToBeAttachedAsync();
        await Expect(screen.Locator("#sound")).ToBeHiddenAsync();
        await Expect(screen.Locator("#sound-help")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task WithoutAutoplayTheScreenOffersTheSoundButtonAndOneClickHidesIt()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await BoardPages.DisplayTokenAsync(App, branch);
        await using var context = await browser.NewContextAsync();
        var display = await context.NewPageAsync();

        // Set to start by itself, but the browser was not started so: the screen says why it asks.
        await display.GotoAsync($"/display/{branch.Slug}?token={Uri.EscapeDataString(token)}&sound=auto");
        await Expect(display.Locator("#display[data-ready='true']")).ToBeAttachedAsync();
        await Expect(display.Locator("#sound-help")).ToBeVisibleAsync();

        await display.GotoAsync($"/display/{branch.Slug}?token={Uri.EscapeDataString(token)}");
        await Expect(display.Locator("#display[data-ready='true']")).ToBeAttachedAsync();
        var sound = display.GetByRole(AriaRole.Button, new() { Name = "Turn on sound for announcements" });
        await Expect(sound).ToBeVisibleAsync();
        await Expect(display.Locator("#sound-help")).ToBeHiddenAsync();
        await sound.ClickAsync();
        await Expect(sound).ToBeHiddenAsync();
        await Expect(display.Locator("#display[data-sound='on']")).ToBeAttachedAsync();
    }
}
