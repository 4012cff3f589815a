using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Admin;

/// <summary>
/// An admin closes and reopens a service while a desk is open: the admin is told whom it affects
/// first; the desk keeps the closed service's visitors (marked, transferable, never called) and
/// gets the reopened queue back live, without a reload.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ClosingServiceTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task TheAdminSeesWhomClosingAffectsAndTheOpenDeskKeepsTheVisitorsMarkedTransfersOneAndGetsTheQueueBackOnReopening()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "Ada Lovelace"), setup.Register(Guid.NewGuid(), branch.General, "Alan Turing"));
        await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.Billing, "Blaise Pascal"));
        await using var adminContext = await browser.NewContextAsync();
        await using var deskContext = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(adminContext, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        await desk.Page.EvaluateAsync("() => { window.__sameDocument = true; }");
        var general = desk.Page.Locator($"#queues section[data-service-id='{branch.General}']");

        // One click on Close only asks: the admin reads whom it affects, and confirms.
        await admin.GotoAsync($"/admin/branch/{branch.Slug}");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Close General" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Close the service General?" })).ToBeVisibleAsync();
        await Expect(admin.Locator("#impact")).ToHaveTextAsync("This affects 2 visitors.");
        await Expect(admin.Locator(".impact-list")).ToContainTextAsync("2 visitors are waiting for General. They stay in the queue");
        await BoardPages.ScreenshotAsync(admin, "admin-close-1366");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Close General" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved: General is closed.");
        await Expect(admin.Locator($"tr[data-service-id='{branch.General}'] td[data-label='State']")).ToHaveTextAsync("closed");

        // The desk, without a reload: the visitors stay, marked, with no Call button; Call next skips them.
        await Expect(general.Locator(".closed-tag")).ToHaveTextAsync("service closed");
        await Expect(general.Locator(".visit")).ToHaveCountAsync(2);
        await Expect(desk.Visit("Ada Lovelace").Locator("button[data-action='call']")).ToBeHiddenAsync();
        await Expect(desk.RegisterForm.Locator("select[name='serviceId'] option")).ToHaveTextAsync(["Billing (B)"]);
        await desk.ScreenshotAsync("desk-service-closed-1280");
        await desk.CallNext.ClickAsync();
        await Expect(desk.Visit("Blaise Pascal").Locator(".visit-meta .status")).ToContainTextAsync("Called");
        Assert.Equal(VisitStatus.Waiting, await StatusAsync("Ada Lovelace"));

        // Transferable: Ada moves to Billing, where she can be called.
        var ada = desk.Visit("Ada Lovelace");
        await ada.GetByRole(AriaRole.Button, new() { NameRegex = EditDetails() }).ClickAsync();
        await ada.GetByLabel("Transfer to").SelectOptionAsync(new SelectOptionValue { Label = "Billing" });
        await ada.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();
        await Expect(desk.Page.Locator($"#queues section[data-service-id='{branch.Billing}']").Locator(".visit")
            .Filter(new() { HasText = "Ada Lovelace" })).ToHaveCountAsync(1);
        await WaitUntilAsync(async () => await ServiceOfAsync("Ada Lovelace") == branch.Billing, "the transfer reached the server");

        // Reopened: General is an open queue again on the desk, still without a reload.
        await admin.GetByRole(AriaRole.Button, new() { Name = "Reopen General" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved: General is open again.");
        await Expect(general.Locator(".closed-tag")).ToBeHiddenAsync();
        await Expect(general.Locator(".visit")).ToHaveCountAsync(1);
        await Expect(desk.Visit("Alan Turing").Locator("button[data-action='call']")).ToBeVisibleAsync();
        await Expect(desk.RegisterForm.Locator("select[name='serviceId'] option")).ToHaveTextAsync(["General (A)", "Billing (B)"]);
        Assert.True(await desk.Page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the desk reloaded");
    }

    private Task<VisitStatus> StatusAsync(string name) =>
        App.WithDbAsync(db => db.Visits.Where(v => v.Name == name).Select(v => v.Status).SingleAsync());

    private Task<Guid> ServiceOfAsync(string name) =>
        App.WithDbAsync(db => db.Visits.Where(v => v.Name == name).Select(v => v.ServiceId).SingleAsync());

    /// <summary>Waits for the server to reach a state (what the desk sent, once synced); fails after 15 s.</summary>
    private static async Task WaitUntilAsync(Func<Task<bool>> reached, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await reached())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }

    [GeneratedRegex("^Edit details")]
    private static partial Regex EditDetails();
}
