using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using Reception.Web.Languages;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Languages;

/// <summary>
/// What the desk says about its link to the server is in the desk's language all through: offline,
/// and an action the server cannot read, whose sentence quotes the server's own words: the hub words
/// them in the language of the request that opened the connection (opened again when the person
/// picks another language), so in German they are German too.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DeskLinkLanguageTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private static Dictionary<string, object> Args(params (string Name, object Value)[] args) => args.ToDictionary(a => a.Name, a => a.Value);

    /// <summary>The server's words for the broken action below (an id that is no id), as the hub says them in <paramref name="tag"/>.</summary>
    private static string Said(string tag)
    {
        var expected = Texts.Get(tag, "problems.expected.object");
        var takes = Texts.Get(tag, "problems.hub-takes-one", Args(("target", "Push"), ("expected", expected)));
        var error = Texts.Get(tag, "problems.field-type", Args(("expected", Texts.Get(tag, "problems.expected.id"))));
        return Texts.Get(tag, "problems.hub-argument-at", Args(("takes", takes), ("index", 1), ("path", "$.actions[0].visitId"), ("error", error)));
    }

    /// <summary>
    /// A desk in <paramref name="tag"/> goes offline with an action no server can read in its outbox,
    /// then online again: the server refuses it (twice, alone) and the desk fails it visibly.
    /// </summary>
    /// <param name="switchTo">A language picked in the header once the desk is open (the hub's connection opened in the one before).</param>
    private async Task<(DeskPage Desk, IBrowserContext Context)> RefusedWhileBackOnlineAsync(string locale, string? pick, string? switchTo = null)
    {
        var branch = await TestBranch.CreateAsync(App);
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        var context = await Speaking.DeviceAsync(browser, locale, 1366, 768, phone: false);
        if (pick is not null) await Speaking.ChooseAsync(context, browser, pick);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.Locator("#Input_UserName").FillAsync(login.UserName);
        await page.Locator("#Input_Password").FillAsync(login.Password);
        await page.Locator("button[type='submit']").ClickAsync();
        await page.WaitForURLAsync("**/desk");
        var desk = new DeskPage(page);
        await desk.WaitReadyAsync();
        if (switchTo is not null)
        {
            await Expect(desk.Badge).ToContainTextAsync(Texts.Get(Language.Of(locale[..2]).Tag, "desk.badge.online"));
            await page.Locator("#header-language").SelectOptionAsync(switchTo);
            await Speaking.ExpectLanguageAsync(page, switchTo, "ltr");
        }

        await Expect(desk.OfflineTickets).ToHaveTextAsync(Leased());
        await Expect(page.Locator("html[data-offline-ready='true']")).ToBeAttachedAsync();

        await context.SetOfflineAsync(true);
        await page.EvaluateAsync("""
            async owner => {
              const { enqueue } = await import('/js/outbox.js');
              await enqueue(owner, owner.split('/')[0], { type: 'complete', visitId: 'not-a-visit', args: {} });
            }
            """, $"{branch.Slug}/{login.UserName}");
        return (desk, context);
    }

    [Fact]
    public async Task ADeskSwitchedToGermanOfflineAndThenRefusedAnActionItCannotReadSpeaksOnlyGerman()
    {
        // Opened in English, switched to German in place: the server's words follow the switch too.
        var (desk, context) = await RefusedWhileBackOnlineAsync("en-GB", null, switchTo: "de");
        await using var _ = context;
        await Expect(desk.Badge).ToContainTextAsync(Texts.Get("de", "desk.badge.offline"));
        await desk.Page.Locator("#sync-details summary").ClickAsync();
        await Expect(desk.Page.Locator("#sync-details")).Not.ToContainTextAsync(EnglishWords());
        await Expect(desk.Page.Locator("#badge")).Not.ToContainTextAsync(EnglishWords());
        await desk.Page.ScreenshotAsync(new() { Path = Shot("desk-de-offline") });

        await desk.Page.Locator("#sync-details summary").ClickAsync();   // closed again, so that it covers nothing
        await context.SetOfflineAsync(false);
        var attention = desk.Page.Locator("#attention");
        await Expect(attention).ToContainTextAsync(Texts.Get("de", "desk.failed.unreadable", Args(("said", Said("de")))));
        await Expect(attention).ToContainTextAsync("Argument 1 an der Stelle $.actions[0].visitId: muss eine ID");
        await Expect(attention).Not.ToContainTextAsync(EnglishWords());
        await Expect(desk.Badge).ToContainTextAsync(Texts.Get("de", "desk.badge.nothingToSend"));
        await desk.Page.ScreenshotAsync(new() { Path = Shot("desk-de-unreadable") });
    }

    [Fact]
    public async Task ADeskSwitchedToGermanWhileOnlineQuotesTheServerInGermanToo()
    {
        var branch = await TestBranch.CreateAsync(App);
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        await using var context = await Speaking.DeviceAsync(browser, "en-GB", 1366, 768, phone: false);
        var desk = await DeskPage.SignInAsync(context, login);
        await desk.WaitOnlineAsync();

        // The connection was opened in English; picking Deutsch opens a fresh one in German.
        await desk.Page.Locator("#header-language").SelectOptionAsync("de");
        await Speaking.ExpectLanguageAsync(desk.Page, "de", "ltr");
        await Expect(desk.Badge).ToContainTextAsync(Texts.Get("de", "desk.badge.online"));
        await desk.Page.EvaluateAsync("""
            async owner => {
              const { enqueue } = await import('/js/outbox.js');
              await enqueue(owner, owner.split('/')[0], { type: 'complete', visitId: 'not-a-visit', args: {} });
            }
            """, $"{branch.Slug}/{login.UserName}");
        await desk.Page.GetByLabel("Name", new() { Exact = true }).FillAsync("Grace Hopper");
        await desk.Page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();

        var attention = desk.Page.Locator("#attention");
        await Expect(attention).ToContainTextAsync(Texts.Get("de", "desk.failed.unreadable", Args(("said", Said("de")))));
        await Expect(attention).Not.ToContainTextAsync(EnglishWords());
    }

    [Fact]
    public async Task InThePseudoLocaleTheDeskOfflineAndItsRefusedActionShowOnlyCatalogTexts()
    {
        var (desk, context) = await RefusedWhileBackOnlineAsync("en-GB", Language.PseudoTag);
        await using var _ = context;
        await desk.Page.Locator("#sync-details summary").ClickAsync();
        await Expect(desk.Badge).ToContainTextAsync(Texts.Get(Language.PseudoTag, "desk.badge.offline"));
        await Speaking.AssertAllFromCatalogAsync(desk.Page);

        await context.SetOfflineAsync(false);
        var attention = desk.Page.Locator("#attention");
        await Expect(attention).ToContainTextAsync(Texts.Get(Language.PseudoTag, "desk.failed.unreadable", Args(("said", Said(Language.PseudoTag)))));
        await Expect(attention).Not.ToContainTextAsync(EnglishWords());
        await Speaking.AssertAllFromCatalogAsync(desk.Page);
    }

    private static string Shot(string name)
    {
        var folder = Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is { Length: > 0 } f ? f : Path.GetTempPath();
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, $"lang-{name}-1366x768.png");
    }

    [GeneratedRegex(@"A\W+\D*[1-9]")]
    private static partial Regex Leased();

    // What the desk and the hub said in English before they spoke the catalog's languages.
    [GeneratedRegex(@"\b(must be|takes \d|Argument \d at|is offline|Not connected|did not answer|could not read|the server)\b")]
    private static partial Regex EnglishWords();
}

/// <summary>A browser app whose hub fails every push with an error it did not expect (no code, SignalR's own English words).</summary>
public sealed class FailingPushBrowserApp() : BrowserApp(services =>
    services.PostConfigure<HubOptions<Reception.Web.Live.QueueHub>>(o => o.AddFilter<FailingPush>()));

public sealed class FailingPush : IHubFilter
{
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext,
        Func<HubInvocationContext, ValueTask<object?>> next) =>
        invocationContext.HubMethodName == "Push" ? throw new InvalidOperationException("a bug") : next(invocationContext);
}

/// <summary>The desk in German when the server fails a push unexpectedly: it says so in German, by the refusal's code.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskUnexpectedErrorLanguageTests(FailingPushBrowserApp browser) : IClassFixture<FailingPushBrowserApp>
{
    [Fact]
    public async Task AGermanDeskWhosePushTheServerFailsSaysSoInGerman()
    {
        var branch = await TestBranch.CreateAsync(browser.App);
        var login = await TestLogin.CreateAsync(browser.App, branch, Roles.Desk, branch.Desk1);
        await using var context = await Speaking.DeviceAsync(browser, "de-DE", 1366, 768, phone: false);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        await page.GetByLabel("Benutzername").FillAsync(login.UserName);
        await page.GetByLabel("Passwort").FillAsync(login.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden" }).ClickAsync();
        await page.WaitForURLAsync("**/desk");
        var desk = new DeskPage(page);
        await Expect(desk.Badge).ToContainTextAsync("Online");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Grace Hopper");
        await page.GetByRole(AriaRole.Button, new() { Name = "Anmelden", Exact = true }).ClickAsync();

        var error = page.Locator("#sync-error");
        await Expect(error).ToHaveTextAsync(Texts.Get("de", "desk.syncError",
            new Dictionary<string, object> { ["error"] = Texts.Get("de", "desk.refusal.internal") }));
        await Expect(error).Not.ToContainTextAsync("unexpected");
        await desk.ScreenshotAsync("lang-desk-de-internal-1366x768");
    }
}
