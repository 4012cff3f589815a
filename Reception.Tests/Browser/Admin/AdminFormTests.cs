using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Admin;

/// <summary>
/// The administration as an admin types and clicks it: every problem of a form at once, defaults
/// that save, "Saved: …" after each change, the grouped time zones, and every page on a phone.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminFormTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task TheUserFormShowsEveryProblemAtOnceAndEachSaveIsConfirmed()
    {
        var branch = await TestBranch.CreateAsync(App);
        var taken = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        await using var context = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(context, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "Add a user" }).ClickAsync();

        // Defaults that save as they are: a desk login with a branch and a desk already picked.
        await Expect(admin.GetByLabel("Role")).ToHaveValueAsync(Roles.Desk);
        await Expect(admin.GetByLabel("Branch")).Not.ToHaveValueAsync("");
        await Expect(admin.GetByLabel("Desk", new() { Exact = true })).Not.ToHaveValueAsync("");

        await admin.GetByLabel("User name").FillAsync(taken.UserName);
        await admin.GetByLabel("Password").FillAsync("short");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add the user" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Alert)).ToHaveTextAsync("3 things to fix: each is next to its field. Nothing was saved.");
        await Expect(admin.Locator("[data-valmsg-for='Input.UserName']")).ToContainTextAsync("There is already a login");
        await Expect(admin.Locator("[data-valmsg-for='Input.DisplayName']")).ToContainTextAsync("Give the display name");
        await Expect(admin.Locator("[data-valmsg-for='Input.Password']")).ToContainTextAsync("at least");
        await BoardPages.ScreenshotAsync(admin, "admin-user-errors-1280");

        var name = "nora-" + Guid.NewGuid().ToString("N")[..8];
        await admin.GetByLabel("User name").FillAsync(name);
        await admin.GetByLabel("Display name").FillAsync("Nora at desk 2");
        await admin.GetByLabel("Branch").SelectOptionAsync(branch.Id.ToString());
        await admin.GetByLabel("Desk", new() { Exact = true }).SelectOptionAsync(branch.Desk2.ToString());
        await admin.GetByLabel("Password").FillAsync("Long-enough-1");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Add the user" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync($"Saved: the login {name} is added.");
        Assert.Equal(branch.Desk2, await App.WithDbAsync(db => db.Users.Where(u => u.UserName == name).Select(u => u.DeskId).SingleAsync()));

        await admin.GetByLabel("Role").SelectOptionAsync(Roles.Manager);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the user" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved: the login's name, role, branch and desk.");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Disable this login" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("Saved: the login is disabled");
    }

    [Fact]
    public async Task AnAdminSetsHowLongVisitorsDetailsAreKeptAndAnImpossibleNumberIsRefusedWithItsReason()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(context, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Test " + branch.Slug, Exact = true }).ClickAsync();
        await admin.SetViewportSizeAsync(1366, 768);
        var days = admin.GetByLabel("Keep visitors' details for (days)");
        await Expect(days).ToHaveValueAsync("90");
        await Expect(admin.Locator("#retention-help")).ToContainTextAsync("a visitor's name, phone and notes are removed everywhere");
        await Expect(days).ToHaveAttributeAsync("aria-describedby", "retention-help");

        await days.FillAsync("0");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the branch" }).ClickAsync();
        await Expect(admin.Locator("[data-valmsg-for='Input.RetentionDays']"))
            .ToHaveTextAsync("Keep visitors' details for between 1 and 3650 days (ten years); 90 is usual.");
        Assert.Equal(90, await App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.RetentionDays).SingleAsync()));
        await BoardPages.ScreenshotAsync(admin, "admin-retention-error-1366");

        await admin.GetByLabel("Keep visitors' details for (days)").FillAsync("30");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the branch" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("visitors' details kept 30 days).");
        await Expect(admin.GetByLabel("Keep visitors' details for (days)")).ToHaveValueAsync("30");
        Assert.Equal(30, await App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.RetentionDays).SingleAsync()));
        await BoardPages.ScreenshotAsync(admin, "admin-retention-saved-1366");
    }

    [Fact]
    public async Task ABranchIsOpenedWithATimeZonePickedFromTheCommonOnesAndTheSaveIsConfirmed()
    {
        await using var context = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(context, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        var slug = "north-" + Guid.NewGuid().ToString("N")[..8];

        var zone = admin.GetByLabel("Time zone");
        Assert.True(await zone.Locator("optgroup").CountAsync() >= 8, "the time zones are grouped by region");
        await Expect(zone.Locator("optgroup").First).ToHaveAttributeAsync("label", "Common");
        await admin.GetByLabel("Name").FillAsync("North office");
        await admin.GetByLabel("Slug").FillAsync(slug);
        await zone.SelectOptionAsync(new SelectOptionValue { Label = "Paris (Europe)" });
        await admin.GetByRole(AriaRole.Button, new() { Name = "Open the branch" }).ClickAsync();

        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved: the branch North office is open. Add its services and desks below.");
        await Expect(admin.GetByLabel("Time zone")).ToHaveValueAsync("Europe/Paris");
        await admin.GetByLabel("Name").FillAsync("North office (main)");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the branch" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved: the branch North office (main) (open, time zone Europe/Paris, visitors' details kept 90 days).");
    }

    [Fact]
    public async Task EveryAdministrationPageFitsAPhoneWithoutSidewaysScrollingOrSeriousAccessibilityViolations()
    {
        var branch = await TestBranch.CreateAsync(App);
        var desk = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        var deskUser = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == desk.UserName).Select(u => u.Id).SingleAsync());
        var admin = await TestLogin.CreateAsync(App, null, Roles.Admin);
        string[] pages =
        [
            "/admin", "/admin/users", "/admin/user", $"/admin/user/{deskUser}", $"/admin/user/{deskUser}/password", $"/admin/branch/{branch.Slug}",
            $"/admin/branch/{branch.Slug}/service", $"/admin/branch/{branch.Slug}/service/{branch.General}", $"/admin/branch/{branch.Slug}/desk/{branch.Desk1}",
            $"/admin/branch/{branch.Slug}/close/service/{branch.General}", $"/admin/branch/{branch.Slug}/close/desk/{branch.Desk1}",
            $"/admin/branch/{branch.Slug}/new/display",
        ];

        foreach (var (width, height) in new[] { (390, 844), (1366, 768) })
        {
            await using var context = await browser.Browser.NewContextAsync(new()
            {
                BaseURL = browser.BaseAddress.ToString(), ViewportSize = new() { Width = width, Height = height },
            });
            context.SetDefaultTimeout(15_000);
            var page = await BoardPages.SignInAsync(context, admin, "/admin");
            foreach (var path in pages)
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(200, response!.Status);
                var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
                Assert.True(scrollWidth <= width, $"{path} is {scrollWidth} px wide on a {width} px screen");
                await BoardPages.ScreenshotAsync(page, $"admin-{width}{path.Replace(branch.Slug, "b").Replace(deskUser, "u").Replace('/', '-')}");
                if (width == 390)
                {
                    Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(page));
                }
            }
        }
    }
}
