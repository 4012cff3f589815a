using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>
/// Every role clicks "Sign out" in the header, as a person does, and is then refused by the desk,
/// the dashboard and the admin pages. (Sign out once answered 400 for everyone: its form carried no
/// anti-forgery token, and only tests that posted a token of their own went through.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SignOutTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Theory]
    [InlineData(Roles.Desk, "/desk")]
    [InlineData(Roles.Manager, "/dashboard")]
    [InlineData(Roles.Admin, "/admin")]
    public async Task ClickingSignOutEndsTheSessionAndEveryPageAsksToSignInAgain(string role, string home)
    {
        var branch = await TestBranch.CreateAsync(browser.App);
        var login = await TestLogin.CreateAsync(browser.App, role == Roles.Admin ? null : branch, role,
            role == Roles.Desk ? branch.Desk1 : null);
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var failures = new List<string>();
        page.Response += (_, r) =>
        {
            if (r.Status >= 400) failures.Add($"{r.Status} {r.Url}");
        };

        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(login.UserName);
        await page.GetByLabel("Password").FillAsync(login.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync($"**{home}");
        await Expect(page.GetByText($"Signed in as {login.UserName}")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        await page.WaitForURLAsync("**/login");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        Assert.Empty(failures);
        foreach (var path in new[] { "/desk", "/dashboard", "/admin" })
        {
            await page.GotoAsync(path);
            await Expect(page).ToHaveURLAsync(new Regex("/login\\?ReturnUrl=", RegexOptions.IgnoreCase));
            await Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
        }
    }
}
