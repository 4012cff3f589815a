using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Visitor;

/// <summary>The visitor's status page on a phone, against a real server, with a real desk beside it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VisitorStatusBrowserTests(BrowserApp browser, ITestOutputHelper output) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private TestClient Setup(TestBranch branch) => new(App, branch, new Caller("setup-desk", CallerKind.Manager, branch.Id));

    [Fact]
    public async Task ADeskShowsTheQrThePhoneFollowsItsPlaceAndAlertsOncePerCallWithNoOneElsesData()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = Setup(branch);
        Guid ada = Guid.NewGuid(), alan = Guid.NewGuid();
        var others = await setup.PushAsync(setup.Register(ada, branch.General, "Ada Lovelace", new { phone = "+44 20 7946 0000" }));
        others = [.. others, .. await setup.PushAsync(setup.Register(alan, branch.General, "Alan Turing"))];
        await using var deskContext = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();

        // The receptionist registers a walk-in and shows them the QR code of their status page.
        var grace = await desk.RegisterAsync("Grace Hopper");
        var qrButton = grace.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^QR code of A-\\d+'s status page$") });
        await qrButton.ClickAsync();
        var dialog = desk.Page.Locator("#qr-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.Locator("img.qr-image").EvaluateAsync("i => i.decode()");
        Assert.True(await dialog.Locator("img.qr-image").EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), "the QR picture did not load");
        var address = await dialog.Locator("a.qr-link").TextContentAsync();
        Assert.Matches("^http://127\\.0\\.0\\.1:\\d+/v/[A-Za-z0-9_-]{24}$", address);
        await BoardPages.ScreenshotAsync(desk.Page, "desk-qr-dialog");

        // Print hands the visitor a slip: the dialog alone, with the ticket in large type.
        await desk.Page.EvaluateAsync("() => { window.__printed = 0; window.print = () => { window.__printed++; }; }");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Print" }).ClickAsync();
        Assert.Equal(1, await desk.Page.EvaluateAsync<int>("() => window.__printed"));
        await desk.Page.EmulateMediaAsync(new() { Media = Media.Print });
        var ticketText = await grace.Locator(".ticket").TextContentAsync();
        await Expect(dialog.Locator(".qr-ticket")).ToHaveTextAsync(ticketText ?? "");
        await Expect(dialog.Locator(".qr-ticket")).ToBeVisibleAsync();
        await Expect(desk.Page.Locator("main")).ToBeHiddenAsync();
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeHiddenAsync();
        await BoardPages.ScreenshotAsync(desk.Page, "desk-qr-print");
        await desk.Page.EmulateMediaAsync(new() { Media = Media.Screen });
        await Expect(dialog.Locator(".qr-ticket")).ToBeHiddenAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();

        await using var phoneContext = await VisitorPhone.ContextAsync(browser);
        var phone = await VisitorPhone.OpenAsync(phoneContext, address!);
        await Expect(phone.Headline).ToHaveTextAsync("2 people before you");
        await Expect(phone.Page.Locator("#ticket")).ToHaveTextAsync(await grace.Locator(".ticket").TextContentAsync() ?? "");
        await Expect(phone.Page.Locator("#service")).ToHaveTextAsync("General");
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(phone.Page));
        await phone.ScreenshotAsync("status-waiting");
        var sound = phone.Page.GetByRole(AriaRole.Button, new() { Name = "Turn on sound alerts" });
        await sound.ClickAsync();   // the phone's browser lets a page make sound only after a tap
        await Expect(sound).ToBeHiddenAsync();

        // Another desk calls the first in line: one fewer before Grace, and no alert.
        await setup.PushOneAsync(setup.Call(ada, branch.Desk2));
        await Expect(phone.Headline).ToHaveTextAsync("1 person before you");
        await setup.PushOneAsync(setup.Call(alan, branch.Desk2));
        await Expect(phone.Headline).ToHaveTextAsync("You are next");
        Assert.Equal(0, await phone.AlertsAsync());

        // Timed inside the pages: from the click on the desk to the call on the phone.
        await desk.Page.EvaluateAsync("() => document.addEventListener('click', () => { window.__clickedAt ??= Date.now(); }, { capture: true })");
        await phone.Page.EvaluateAsync("""
            () => new MutationObserver((_, observer) => {
                if (document.getElementById('visitor').dataset.status === 'called') { window.__shownAt = Date.now(); observer.disconnect(); }
            }).observe(document.getElementById('visitor'), { attributes: true })
            """);
        await grace.Locator("button[data-action='call']").ClickAsync();
        await Expect(phone.Headline).ToHaveTextAsync("It's your turn: go to Desk 1");
        var shownAfter = await phone.Page.EvaluateAsync<double>("() => window.__shownAt") - await desk.Page.EvaluateAsync<double>("() => window.__clickedAt");
        output.WriteLine($"the phone showed the call {shownAfter:F0} ms after the click");
        await phone.WaitAlertsAsync(1);
        Assert.Equal(1, await phone.VibrationsAsync());
        await Expect(phone.Page.Locator("#announce")).ToHaveTextAsync("It's your turn: go to Desk 1");
        await phone.Page.WaitForFunctionAsync("() => document.title.startsWith('🔔')");
        await Expect(phone.Page.GetByRole(AriaRole.Button, new() { Name = "I need a few more minutes" })).ToBeHiddenAsync();
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(phone.Page));
        await phone.ScreenshotAsync("status-called");

        // A recall alerts again; a status read after it (the half-minute catch-up) does not.
        await grace.Locator("button[data-action='recall']").ClickAsync();
        await phone.WaitAlertsAsync(2);
        Assert.Equal(2, await phone.VibrationsAsync());
        await phone.Page.ReloadAsync();
        await Expect(phone.Page.Locator("#visitor[data-live='true']")).ToBeAttachedAsync();
        await Expect(phone.Headline).ToHaveTextAsync("It's your turn: go to Desk 1");
        Assert.Equal(0, await phone.AlertsAsync());   // a call already on screen at the first paint is not news

        // Nothing of anyone else, on the page or on the wire (the phone number with its spaces: a frame's time may hold any four digits, and JSON writes "+" as \u002B).
        string[] foreign = ["Ada", "Lovelace", "Alan", "Turing", "20 7946 0000", "Grace", "Hopper",
            others[0].Visit!.Code!, others[1].Visit!.Code!, ada.ToString(), alan.ToString()];
        var text = await phone.Page.ContentAsync();
        Assert.All(foreign, f => Assert.DoesNotContain(f, text));
        Assert.NotEmpty(phone.Frames);
        Assert.All(phone.Frames, frame => Assert.All(foreign, f => Assert.DoesNotContain(f, frame)));
    }

    [Fact]
    public async Task AVisitorWhoLeavesTheQueueIsGoneFromTheDeskAtOnce()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = Setup(branch);
        var grace = Guid.NewGuid();
        await setup.PushOneAsync(setup.Register(Guid.NewGuid(), branch.General, "Ada Lovelace"));
        var code = (await setup.PushOneAsync(setup.Register(grace, branch.General, "Grace Hopper"))).Visit!.Code!;
        await using var deskContext = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        await Expect(desk.Visit("Grace Hopper")).ToBeVisibleAsync();
        await using var phoneContext = await VisitorPhone.ContextAsync(browser);
        var phone = await VisitorPhone.OpenAsync(phoneContext, "/v/" + code);
        await Expect(phone.Headline).ToHaveTextAsync("1 person before you");

        // Asked first; "Stay in line" changes nothing.
        var leave = phone.Page.GetByRole(AriaRole.Button, new() { Name = "I'm leaving the queue" });
        await leave.ClickAsync();
        var confirm = phone.Page.GetByRole(AriaRole.Dialog, new() { Name = "Leave the queue?" });
        await Expect(confirm).ToBeVisibleAsync();
        await phone.ScreenshotAsync("status-leave-confirm");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Stay in line" }).ClickAsync();
        await Expect(confirm).ToBeHiddenAsync();
        await Expect(phone.Headline).ToHaveTextAsync("1 person before you");

        await leave.ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Yes, leave the queue" }).ClickAsync();
        await Expect(phone.Headline).ToHaveTextAsync("You have left the queue");
        await Expect(leave).ToBeHiddenAsync();
        await Expect(desk.Visit("Grace Hopper")).ToHaveCountAsync(0);
        await phone.ScreenshotAsync("status-left");
        var cancels = await App.WithDbAsync(db => Task.FromResult(db.Changes.Count(c => c.VisitId == grace && c.By.StartsWith("visitor "))));
        Assert.Equal(1, cancels);
    }

    [Fact]
    public async Task AVisitorWhoNeedsAFewMoreMinutesMovesBackOnceAndTheDeskSeesTheNewOrder()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = Setup(branch);
        string? code = null;
        foreach (var name in new[] { "V One", "V Two", "V Three", "V Four", "V Five" })
        {
            var visit = (await setup.PushOneAsync(setup.Register(Guid.NewGuid(), branch.General, name))).Visit!;
            if (name == "V Two") code = visit.Code;
        }

        await using var deskContext = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        await using var phoneContext = await VisitorPhone.ContextAsync(browser);
        var phone = await VisitorPhone.OpenAsync(phoneContext, "/v/" + code);
        await Expect(phone.Headline).ToHaveTextAsync("1 person before you");

        await phone.Page.GetByRole(AriaRole.Button, new() { Name = "I need a few more minutes" }).ClickAsync();
        var confirm = phone.Page.GetByRole(AriaRole.Dialog, new() { Name = "Need a few more minutes?" });
        await Expect(confirm).ToContainTextAsync("You will move back 3 places in line. You can do this once.");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Move me back" }).ClickAsync();

        await Expect(phone.Headline).ToHaveTextAsync("4 people before you");
        await Expect(phone.Page.GetByRole(AriaRole.Button, new() { Name = "I need a few more minutes" })).ToBeHiddenAsync();
        await Expect(desk.Visits.Locator(".name")).ToHaveTextAsync(["V One", "V Three", "V Four", "V Five", "V Two"]);
    }

    [Fact]
    public async Task WithoutJavaScriptACheapPhoneStillSeesItsPlaceAndReloadsItself()
    {
        var branch = await TestBranch.CreateAsync(App);
        var setup = Setup(branch);
        await setup.PushOneAsync(setup.Register(Guid.NewGuid(), branch.General, "Ada Lovelace"));
        var code = (await setup.PushOneAsync(setup.Register(Guid.NewGuid(), branch.General, "Grace Hopper"))).Visit!.Code!;
        await using var context = await browser.Browser.NewContextAsync(new()
        {
            BaseURL = browser.BaseAddress.ToString(), ViewportSize = new() { Width = 390, Height = 844 }, IsMobile = true,
            JavaScriptEnabled = false,
        });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/v/" + code);

        await Expect(page.Locator("#headline")).ToHaveTextAsync("1 person before you");
        await Expect(page.Locator("#ticket")).ToHaveTextAsync("A-002");
        await Expect(page.Locator("noscript meta[http-equiv='refresh']")).ToBeAttachedAsync();
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Ada");
    }
}
