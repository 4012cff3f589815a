using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using Reception.Web.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>
/// Every page, opened by the role that uses it, under the real Content-Security-Policy in Chromium:
/// it works (its live parts connect) and nothing is blocked, logged as an error or thrown.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ContentSecurityPolicyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task AnInlineScriptIsBlockedByThePolicyAndReported()
    {
        await using var context = await browser.NewContextAsync();
        var problems = await PageProblems.WatchAsync(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");

        await page.EvaluateAsync("""
            () => {
              const script = document.createElement('script');
              script.textContent = 'window.__inlineRan = true;';
              document.head.append(script);
            }
            """);

        Assert.False(await page.EvaluateAsync<bool>("() => window.__inlineRan === true"), "the inline script ran");
        await Expect(page.Locator("body")).ToBeAttachedAsync();
        Assert.Contains(problems.All, p => p.Contains("securitypolicyviolation: script-src", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheLoginPageTheApiReferenceAndAPublicDisplayWorkUnderThePolicy()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await BoardPages.DisplayTokenAsync(App, branch);
        await using var context = await browser.NewContextAsync();
        var problems = await PageProblems.WatchAsync(context);

        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await page.GotoAsync("/api/docs/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Reception API" }).First).ToBeVisibleAsync();
        await BoardPages.ScreenshotAsync(page, "csp-api-docs");
        var display = await BoardPages.DisplayAsync(context, branch, token);   // waits until it is live
        await Expect(display.Locator("#calls-empty")).ToBeVisibleAsync();

        problems.AssertNone(ScalarsEvalProbe);
    }

    // Scalar's bundled Zod tries `Function("")` once to learn whether it may compile its
    // validators; refused, it validates without compiling. Allowing eval on /api/docs to keep
    // that one report quiet would weaken the policy for nothing.
    private static bool ScalarsEvalProbe(string problem) =>
        problem.Contains("securitypolicyviolation: script-src blocked eval (", StringComparison.Ordinal)
        && problem.Contains(SecurityHeaders.ScalarPath + "/scalar.js:", StringComparison.Ordinal);

    [Fact]
    public async Task TheDeskWorksOnlineUnderThePolicy()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var problems = await PageProblems.WatchAsync(context);

        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitReadyForOfflineAsync();   // live over the hub, tickets leased, service worker installed
        var visit = await desk.RegisterAsync("Ada Lovelace");
        await DeskPage.ExpectSyncAsync(visit, "synced");
        await desk.ScreenshotAsync("csp-desk");

        problems.AssertNone();
    }

    [Fact]
    public async Task TheDashboardAndItsConflictsWorkUnderThePolicy()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var problems = await PageProblems.WatchAsync(context);

        var dashboard = await BoardPages.DashboardAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await BoardPages.ScreenshotAsync(dashboard, "csp-dashboard");
        await dashboard.GotoAsync("/dashboard/conflicts?branch=" + branch.Slug);
        await Expect(dashboard.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();

        problems.AssertNone();
    }

    [Fact]
    public async Task EveryAdministrationPageAndTheJobsDashboardWorkUnderThePolicy()
    {
        var branch = await TestBranch.CreateAsync(App);
        var desk = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        var deskId = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == desk.UserName).Select(u => u.Id).SingleAsync());
        await using var context = await browser.NewContextAsync();
        var problems = await PageProblems.WatchAsync(context);

        var page = await BoardPages.SignInAsync(context, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        string[] pages =
        [
            "/admin", "/admin/users", "/admin/user", $"/admin/user/{deskId}", $"/admin/user/{deskId}/password",
            $"/admin/branch/{branch.Slug}", $"/admin/branch/{branch.Slug}/service", $"/admin/branch/{branch.Slug}/service/{branch.General}",
            $"/admin/branch/{branch.Slug}/desk", $"/admin/branch/{branch.Slug}/desk/{branch.Desk1}",
            $"/admin/branch/{branch.Slug}/new/display", $"/admin/branch/{branch.Slug}/new/apikey",
        ];
        foreach (var path in pages)
        {
            var response = await page.GotoAsync(path);
            Assert.True(response?.Ok, $"{path} answered {response?.Status}");
        }

        await page.GotoAsync("/hangfire");
        await Expect(page.GetByText("Reception background retries")).ToBeVisibleAsync();
        await BoardPages.ScreenshotAsync(page, "csp-hangfire");
        foreach (var path in new[] { "/hangfire/jobs/enqueued", "/hangfire/jobs/succeeded", "/hangfire/retries", "/hangfire/recurring", "/hangfire/servers" })
        {
            var response = await page.GotoAsync(path);
            Assert.True(response?.Ok, $"{path} answered {response?.Status}");
        }

        problems.AssertNone();
    }
}
