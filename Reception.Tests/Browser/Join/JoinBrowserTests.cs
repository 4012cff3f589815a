using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Visitors;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Join;

/// <summary>Every test here comes from 127.0.0.1: the per-address cap is lifted so only the per-device cap counts.</summary>
public sealed class JoinApp() : BrowserApp(s => s.PostConfigure<JoinOptions>(o => o.OpenPerAddress = 10_000));

/// <summary>
/// A visitor joins the queue from their own phone (390×844) at /join/{branch}, as a person does:
/// tap the service, type the name, tap Join. Screenshots (RECEPTION_SCREENSHOTS) of the form, its
/// errors and the refusals.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class JoinBrowserTests(JoinApp browser) : IClassFixture<JoinApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task AVisitorJoinsFromTheirPhoneLandsOnTheirStatusPageAndADeskSeesThemLiveMarkedRemote()
    {
        var branch = await TestBranch.CreateAsync(App);
        await JoinPages.SetAsync(App, branch);
        await using var deskContext = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        await desk.RegisterAsync("Walk In");
        await using var phone = await JoinPages.PhoneAsync(browser);
        var page = await JoinPages.OpenAsync(phone, branch);
        var problems = await PageProblems.WatchAsync(phone);

        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(page));
        Assert.False(await JoinPages.ScrollsSidewaysAsync(page));
        await BoardPages.ScreenshotAsync(page, "join-phone");
        await JoinPages.FillAsync(page, "General", "Rosa Remote");
        await BoardPages.ScreenshotAsync(page, "join-phone-filled");
        await JoinPages.JoinButton(page).TapAsync();

        await page.WaitForURLAsync("**/v/**");
        await Expect(page.Locator("#ticket")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^A-\\d{3}$"));
        var ticket = await page.Locator("#ticket").TextContentAsync();
        await Expect(page.Locator("#service")).ToHaveTextAsync("General");
        await Expect(page.Locator("#headline")).ToHaveTextAsync("1 person before you");
        var card = desk.Visit("Rosa Remote");
        await Expect(card.Locator(".ticket")).ToHaveTextAsync(ticket!);
        await Expect(card.Locator(".tag-channel")).ToHaveTextAsync("remote");
        Assert.Equal(VisitChannel.Remote, await App.WithDbAsync(db => db.Visits.Where(v => v.Name == "Rosa Remote").Select(v => v.Channel).SingleAsync()));
        problems.AssertNone();
    }

    [Fact]
    public async Task TheSameFormSentTwiceIsOneTicketAndBothAnswersOpenIt()
    {
        var branch = await TestBranch.CreateAsync(App);
        await JoinPages.SetAsync(App, branch);
        await using var phone = await JoinPages.PhoneAsync(browser);
        var page = await JoinPages.OpenAsync(phone, branch);
        await JoinPages.FillAsync(page, "Billing", "Tapped Twice");
        // What the browser sends, kept to send again as a resubmit after a lost answer would.
        var form = page.APIRequest.CreateFormData();
        foreach (var field in await page.Locator("form.j-form").EvaluateAsync<string[][]>(
                     "f => [...new FormData(f)].map(([k, v]) => [k, String(v)])"))
        {
            form.Set(field[0], field[1]);
        }

        await JoinPages.JoinButton(page).TapAsync();
        await page.WaitForURLAsync("**/v/**");
        var again = await page.APIRequest.PostAsync("/join/" + branch.Slug, new() { Form = form, MaxRedirects = 0 });

        Assert.Equal(302, again.Status);
        Assert.Equal(new Uri(page.Url).AbsolutePath, again.Headers["location"]);
        Assert.Equal(1, await JoinPages.VisitsNamedAsync(App, branch, "Tapped Twice"));
        await Expect(page.Locator("#ticket")).ToHaveTextAsync("B-001");
    }

    [Fact]
    public async Task ABranchThatHasNotTurnedJoiningOnSaysSoAndOffersNoForm()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var phone = await JoinPages.PhoneAsync(browser);

        var page = await JoinPages.OpenAsync(phone, branch);

        await Expect(page.GetByText("Joining the queue from your phone is not available at this branch")).ToBeVisibleAsync();
        await Expect(JoinPages.JoinButton(page)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task OutsideOpeningHoursThePageSaysWhenJoiningOpens()
    {
        var branch = await TestBranch.CreateAsync(App);
        var tomorrow = ((int)DateTime.UtcNow.AddDays(1).DayOfWeek + 6) % 7;
        await JoinPages.SetAsync(App, branch, b =>
        {
            b.JoinDuringHoursOnly = true;
            b.OpeningHours = string.Join(";", Enumerable.Range(0, 7).Select(i => i == tomorrow ? "09:00-17:00" : ""));
        });
        await using var phone = await JoinPages.PhoneAsync(browser);

        var page = await JoinPages.OpenAsync(phone, branch);

        await Expect(page.Locator("#opens")).ToHaveTextAsync("Joining opens tomorrow at 09:00.");
        await Expect(JoinPages.JoinButton(page)).ToHaveCountAsync(0);
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(page));
        await BoardPages.ScreenshotAsync(page, "join-phone-closed");
    }

    [Fact]
    public async Task APhoneWithAnOpenTicketIsAnswered429WithTheWayToItsTicket()
    {
        var branch = await TestBranch.CreateAsync(App);
        await JoinPages.SetAsync(App, branch);
        await using var phone = await JoinPages.PhoneAsync(browser);
        var page = await JoinPages.OpenAsync(phone, branch);
        await JoinPages.FillAsync(page, "General", "Once Only");
        await JoinPages.JoinButton(page).TapAsync();
        await page.WaitForURLAsync("**/v/**");
        var ticketPage = new Uri(page.Url).AbsolutePath;

        await page.GotoAsync("/join/" + branch.Slug);
        await JoinPages.FillAsync(page, "Billing", "Once Again");
        var answer = await page.RunAndWaitForResponseAsync(() => JoinPages.JoinButton(page).TapAsync(),
            r => r.Request.Method == "POST");

        Assert.Equal(429, answer.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You cannot join again now" })).ToBeVisibleAsync();
        await Expect(page.GetByText("You already have a ticket in this queue from this phone.")).ToBeVisibleAsync();
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(page));
        await BoardPages.ScreenshotAsync(page, "join-phone-too-many");
        await page.GetByRole(AriaRole.Link, new() { Name = "See your ticket and your place in line" }).TapAsync();
        await page.WaitForURLAsync("**" + ticketPage);
        Assert.Equal(0, await JoinPages.VisitsNamedAsync(App, branch, "Once Again"));
    }

    [Theory]
    [InlineData("", "Type your name.")]
    [InlineData("Ann\u202Eevil", "a character that cannot be used")]
    public async Task ABadNameIsRefusedNextToTheFieldAndNothingIsCreated(string name, string error)
    {
        var branch = await TestBranch.CreateAsync(App);
        await JoinPages.SetAsync(App, branch, b => b.JoinPhoneRequired = true);
        await using var phone = await JoinPages.PhoneAsync(browser);
        var page = await JoinPages.OpenAsync(phone, branch);
        await Expect(page.GetByLabel("Your phone number")).ToHaveAttributeAsync("required", "required");

        await JoinPages.FillAsync(page, "General", name, "0612345678");
        await JoinPages.JoinButton(page).TapAsync();

        var field = page.GetByLabel("Your name");
        await Expect(page.Locator("#name-error")).ToContainTextAsync(error);
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field).ToHaveAttributeAsync("aria-describedby", "name-error");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "General" })).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Your phone number")).ToHaveValueAsync("0612345678");
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(page));
        Assert.False(await JoinPages.ScrollsSidewaysAsync(page));
        await BoardPages.ScreenshotAsync(page, "join-phone-error");
    }

    [Fact]
    public async Task AnAdminTurnsJoiningOnKeepsAServiceForTheDeskAndOpensThePoster()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var adminContext = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(adminContext, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GotoAsync("/admin/branch/" + branch.Slug);

        await admin.GetByRole(AriaRole.Link, new() { Name = "Settings: on or off, opening hours, phone, services" }).ClickAsync();
        await admin.GetByLabel("Visitors may join the queue from their own phone").CheckAsync();
        await admin.GetByLabel("Monday opens").FillAsync("08:30");
        await admin.GetByLabel("Monday closes").FillAsync("07:00");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.Locator("#hours-error")).ToHaveTextAsync("Monday: the closing time must come after the opening time.");
        Assert.False(await App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.RemoteJoin).SingleAsync()));
        await admin.GetByLabel("Monday closes").FillAsync("17:00");
        await admin.GetByRole(AriaRole.Checkbox, new() { Name = "Billing" }).UncheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(admin.GetByLabel("Visitors may join the queue from their own phone")).ToBeCheckedAsync();
        await Expect(admin.GetByLabel("Monday opens")).ToHaveValueAsync("08:30");
        await Expect(admin.GetByRole(AriaRole.Checkbox, new() { Name = "Billing" })).Not.ToBeCheckedAsync();
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(admin));
        await BoardPages.ScreenshotAsync(admin, "join-admin-settings");

        await admin.GetByRole(AriaRole.Link, new() { Name = "the poster's QR code" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Join the queue from your phone" })).ToBeVisibleAsync();
        await Expect(admin.Locator(".p-qr svg")).ToBeVisibleAsync();
        await Expect(admin.Locator(".p-link")).ToHaveTextAsync(new Uri(browser.BaseAddress, "/join/" + branch.Slug).ToString());
        await admin.SetViewportSizeAsync(794, 1123); // A4 at 96 dpi
        await BoardPages.ScreenshotAsync(admin, "join-poster");

        await using var phone = await JoinPages.PhoneAsync(browser);
        var page = await JoinPages.OpenAsync(phone, branch);
        await Expect(page.GetByRole(AriaRole.Radio)).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "General" })).ToBeVisibleAsync();
    }
}

/// <summary>A browser app whose join-attempt limit is reached after two tries from one address.</summary>
public sealed class TightJoinApp() : BrowserApp(s => s.PostConfigure<Reception.Web.Api.RateLimitOptions>(o => o.JoinAttemptsPerMinute = 2));

[Collection(BrowserCollection.Name)]
public sealed class JoinAttemptLimitTests(TightJoinApp browser) : IClassFixture<TightJoinApp>
{
    [Fact]
    public async Task TooManyTriesFromOneAddressGetAReadable429PageWithTheWayBack()
    {
        var branch = await TestBranch.CreateAsync(browser.App);
        await JoinPages.SetAsync(browser.App, branch);
        await using var phone = await JoinPages.PhoneAsync(browser);
        var page = await JoinPages.OpenAsync(phone, branch);

        IResponse? answer = null;
        for (var i = 0; i < 3; i++)
        {
            await JoinPages.FillAsync(page, "General", "");
            answer = await page.RunAndWaitForResponseAsync(() => JoinPages.JoinButton(page).TapAsync(), r => r.Request.Method == "POST");
        }

        Assert.Equal(429, answer!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Too many tries" })).ToBeVisibleAsync();
        await Expect(page.Locator(".j-note p").First).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"Wait \d+ seconds?, then go back to the form"));
        Assert.False(await JoinPages.ScrollsSidewaysAsync(page));
        await BoardPages.ScreenshotAsync(page, "join-phone-too-many-tries");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the form" }).TapAsync();
        await Expect(JoinPages.JoinButton(page)).ToBeVisibleAsync();
    }
}
