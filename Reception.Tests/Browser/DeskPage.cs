using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>The /desk page as a receptionist uses it: by labels and button names.</summary>
public sealed partial class DeskPage(IPage page)
{
    public IPage Page => page;

    public ILocator Badge => page.Locator("#badge");

    public ILocator RegisterForm => page.Locator("#register-form");

    public ILocator CallNext => page.GetByRole(AriaRole.Button, new() { Name = "Call next", Exact = true });

    /// <summary>Every visit card: in "Now at this desk" and in the queues (each visit is shown once).</summary>
    public ILocator Visits => page.Locator("#desk .visit");

    /// <summary>The "Now at this desk" panel: who this desk called or serves.</summary>
    public ILocator Now => page.GetByRole(AriaRole.Region, new() { Name = "Now at this desk" });

    public ILocator Search => page.GetByLabel("Find in the queue");

    public ILocator Messages => page.Locator("#messages");

    /// <summary>How many leased tickets the desk holds for offline use, per service ("A: 5 left").</summary>
    public ILocator OfflineTickets => page.Locator("#sync-line [data-part='tickets']");

    /// <summary>Signs in through the real login page and lands on the desk.</summary>
    public static async Task<DeskPage> SignInAsync(IBrowserContext context, TestLogin login)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("User name").FillAsync(login.UserName);
        await page.GetByLabel("Password").FillAsync(login.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync("**/desk");
        var desk = new DeskPage(page);
        await desk.WaitReadyAsync();
        return desk;
    }

    /// <summary>Another tab of the same browser profile (already signed in).</summary>
    public static async Task<DeskPage> OpenAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/desk");
        var desk = new DeskPage(page);
        await desk.WaitReadyAsync();
        return desk;
    }

    public Task WaitReadyAsync() => Expect(page.Locator("#desk[data-ready='true']")).ToBeAttachedAsync();

    public Task WaitOnlineAsync() => Expect(Badge).ToContainTextAsync("Online");

    /// <summary>Online, holding leased tickets of the General service (A), and with its offline copy stored.</summary>
    public async Task WaitReadyForOfflineAsync()
    {
        await WaitOnlineAsync();
        await Expect(OfflineTickets).ToHaveTextAsync(LeasedGeneral());
        await Expect(page.Locator("html[data-offline-ready='true']")).ToBeAttachedAsync();
    }

    public ILocator Visit(string name) =>
        Visits.Filter(new() { Has = page.Locator(".name").GetByText(name, new() { Exact = true }) });

    public ILocator VisitById(string id) => page.Locator($"#desk .visit[data-visit-id='{id}']");

    /// <summary>A visit's button by what it says ("Start", "Complete", …).</summary>
    public static ILocator Button(ILocator visit, string text) =>
        visit.Locator(".visit-actions button").Filter(new() { HasTextRegex = new Regex("^" + Regex.Escape(text) + "$") });

    public async Task<ILocator> RegisterAsync(string name, string? phone = null, string? notes = null)
    {
        await RegisterForm.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        if (phone is not null) await RegisterForm.GetByLabel("Phone").FillAsync(phone);
        if (notes is not null) await RegisterForm.GetByLabel("Notes").FillAsync(notes);
        await RegisterForm.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        var visit = Visit(name);
        await Expect(visit).ToBeVisibleAsync();
        return visit;
    }

    /// <summary>Opens "Edit details" of a visit, sets the given fields and saves.</summary>
    public static async Task EditAsync(ILocator visit, string? name = null, string? phone = null, string? notes = null)
    {
        await visit.GetByRole(AriaRole.Button, new() { NameRegex = EditDetails() }).ClickAsync();
        var form = visit.Locator("form.visit-edit");
        if (name is not null) await form.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        if (phone is not null) await form.GetByLabel("Phone").FillAsync(phone);
        if (notes is not null) await form.GetByLabel("Notes").FillAsync(notes);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save changes" }).ClickAsync();
        await Expect(form).ToHaveCountAsync(0);
    }

    /// <summary>
    /// The visit's sync state, as its tag reads ("pending", "needs a choice"…); the card shows a tag only
    /// when it is not "synced". The card's data-sync holds the state's code (a conflict is "choice").
    /// </summary>
    public static async Task ExpectSyncAsync(ILocator visit, string state)
    {
        await Expect(visit).ToHaveAttributeAsync("data-sync", state == "needs a choice" ? "choice" : state);
        if (state == "synced") await Expect(visit.Locator(".sync")).ToHaveCountAsync(0);
        else await Expect(visit.Locator(".sync")).ToHaveTextAsync(state);
    }

    /// <summary>Saves a screenshot when RECEPTION_SCREENSHOTS names a folder (for looking at the page).</summary>
    public async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is { Length: > 0 } folder)
        {
            Directory.CreateDirectory(folder);
            await page.ScreenshotAsync(new() { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    [GeneratedRegex(@"\bA: [1-9]\d* left")]
    private static partial Regex LeasedGeneral();

    [GeneratedRegex("^Edit details")]
    private static partial Regex EditDetails();
}
