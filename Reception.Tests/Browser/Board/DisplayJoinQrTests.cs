using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Tests.Browser.Join;
using Reception.Tests.Infrastructure;
using Reception.Web.Visitors;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Board;

/// <summary>
/// The public screen's "join by phone" QR code, a display-link setting: an admin ticks it, the
/// 1920×1080 screen shows the code of the branch's join page beside the calls, and hides it as soon
/// as remote joining is turned off.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DisplayJoinQrTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task TheAdminsJoinQrSettingShowsTheJoinPagesCodeBesideTheCallsOnlyWhileRemoteJoiningIsOn()
    {
        var branch = await TestBranch.CreateAsync(App);
        await JoinPages.SetAsync(App, branch);
        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        var visits = Enumerable.Range(1, 9).Select(_ => Guid.NewGuid()).ToList();
        await setup.PushAsync(visits.Select((v, i) => setup.Register(v, branch.General, $"Visitor {i}")).ToArray());
        await setup.PushAsync(visits.Select((v, i) => setup.Call(v, i % 2 == 0 ? branch.Desk1 : branch.Desk2)).ToArray());

        await using var adminContext = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(adminContext, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GotoAsync($"/admin/branch/{branch.Slug}");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Create a display link" }).ClickAsync();
        await admin.GetByLabel("Name").FillAsync("Waiting room TV");
        await admin.GetByLabel("Show the “join by phone” QR code beside the calls").CheckAsync();
        await admin.SetViewportSizeAsync(390, 844);
        await BoardPages.AssertFitsAsync(admin);
        await BoardPages.ScreenshotAsync(admin, "admin-display-link-390");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the display link" }).ClickAsync();
        var link = await admin.Locator("#secret").InputValueAsync();
        Assert.EndsWith("&join=qr", link);

        await using var tv = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.BaseAddress.ToString(), ViewportSize = new() { Width = 1920, Height = 1080 },
        });
        var screen = await tv.NewPageAsync();
        await screen.GotoAsync(link);
        await Expect(screen.Locator("#display[data-ready='true']")).ToBeAttachedAsync();
        await Expect(screen.Locator("#display[data-live='true']")).ToBeAttachedAsync();
        var joinUrl = new Uri(browser.BaseAddress, "/join/" + branch.Slug).ToString();
        var qr = screen.GetByRole(AriaRole.Complementary, new() { Name = "Join the queue from your phone" });
        await Expect(qr).ToBeVisibleAsync();
        await Expect(qr).ToHaveAttributeAsync("data-join-url", joinUrl);
        await Expect(qr.Locator(".join-qr-code")).ToHaveAttributeAsync("aria-label", "QR code of " + joinUrl);
        // The code drawn is the join address's: the page carries exactly the SVG the server makes of it.
        Assert.Contains(VisitorExtensions.Svg(joinUrl), await (await screen.APIRequest.GetAsync(link)).TextAsync());
        await BoardPages.ScreenshotAsync(screen, "display-join-qr-1920");

        // Readable from a few metres, and beside the calls, not on them.
        var code = (await qr.Locator("svg").BoundingBoxAsync())!;
        Assert.True(code.Width >= 300 && Math.Abs(code.Width - code.Height) < 2, $"the QR code is {code.Width}×{code.Height} px");
        Assert.True(code.Y + code.Height <= 1080 && code.X + code.Width <= 1920, "the QR code is cut off");
        var calls = (await screen.Locator(".display-calls").BoundingBoxAsync())!;
        Assert.True(calls.X + calls.Width <= (await qr.BoundingBoxAsync())!.X, "the QR code overlaps the calls");
        await Expect(screen.Locator("#newest [data-part='ticket']")).ToHaveTextAsync("A-009");
        var shown = await screen.Locator("#calls tr:visible").CountAsync();
        Assert.True(shown > 4, $"only {shown} earlier calls are shown beside the QR code");
        Assert.True(await screen.EvaluateAsync<bool>("() => document.documentElement.scrollHeight <= innerHeight"), "the screen scrolls");
        var ticket = (await screen.Locator("#newest [data-part='ticket']").BoundingBoxAsync())!;
        Assert.True(ticket.X + ticket.Width <= calls.X + calls.Width, "the newest ticket runs under the QR code");
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(screen));

        // The admin turns remote joining off: the screen drops the code at once, and after a reload.
        await admin.GotoAsync($"/admin/branch/{branch.Slug}/join");
        await admin.GetByLabel("Visitors may join the queue from their own phone").UncheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.Locator("#saved")).ToContainTextAsync("Saved: joining from a phone is off");
        await Expect(qr).ToBeHiddenAsync();
        await screen.ReloadAsync();
        await Expect(screen.Locator("#display[data-ready='true']")).ToBeAttachedAsync();
        await Expect(qr).ToBeHiddenAsync();
        await BoardPages.ScreenshotAsync(screen, "display-join-off-1920");

        // On again: back without a reload.
        await admin.GetByLabel("Visitors may join the queue from their own phone").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.Locator("#saved")).ToContainTextAsync("Saved: joining from a phone is on");
        await Expect(qr).ToBeVisibleAsync();

        // A display link made without the setting never shows it, even while remote joining is on.
        var plain = await BoardPages.DisplayTokenAsync(App, branch);
        await screen.GotoAsync($"/display/{branch.Slug}?token={Uri.EscapeDataString(plain)}");
        await Expect(screen.Locator("#display[data-ready='true']")).ToBeAttachedAsync();
        await Expect(screen.Locator("#join-qr")).ToHaveCountAsync(0);
        Assert.True(await App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.RemoteJoin).SingleAsync()));
    }
}
