using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Join;

/// <summary>What the remote-join tests do: a phone-sized browser, a branch that takes remote joins, the form filled in as a person does.</summary>
public static class JoinPages
{
    public static async Task<IBrowserContext> PhoneAsync(BrowserApp browser)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseAddress.ToString(), ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true, HasTouch = true, DeviceScaleFactor = 2,
        });
        context.SetDefaultTimeout(15_000);
        context.SetDefaultNavigationTimeout(15_000);
        return context;
    }

    /// <summary>Sets the branch's remote-joining settings (on unless <paramref name="change"/> says otherwise).</summary>
    public static Task SetAsync(ReceptionApp app, TestBranch branch, Action<Branch>? change = null) =>
        app.WithDbAsync(async db =>
        {
            var b = await db.Branches.SingleAsync(x => x.Id == branch.Id);
            b.RemoteJoin = true;
            change?.Invoke(b);
            return await db.SaveChangesAsync();
        });

    public static async Task<IPage> OpenAsync(IBrowserContext phone, TestBranch branch)
    {
        var page = await phone.NewPageAsync();
        await page.GotoAsync("/join/" + branch.Slug);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join the queue" })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Taps the service, types the name (and phone), and leaves Join untapped.</summary>
    public static async Task FillAsync(IPage page, string service, string name, string? phone = null)
    {
        await page.GetByRole(AriaRole.Radio, new() { Name = service }).TapAsync();
        await page.GetByLabel("Your name").FillAsync(name);
        if (phone is not null)
        {
            await page.GetByLabel("Your phone number").FillAsync(phone);
        }
    }

    public static ILocator JoinButton(IPage page) => page.GetByRole(AriaRole.Button, new() { Name = "Join the queue" });

    public static Task<int> VisitsNamedAsync(ReceptionApp app, TestBranch branch, string name) =>
        app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id && v.Name == name));

    public static Task<bool> ScrollsSidewaysAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth");
}
