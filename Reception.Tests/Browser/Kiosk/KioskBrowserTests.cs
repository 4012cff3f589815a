using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Wire;
using Reception.Tests.Browser.Board;
using Reception.Tests.Infrastructure;
using Reception.Web.Kiosk;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Kiosk;

/// <summary>The self check-in kiosk at the door, against a real server, with a desk beside it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class KioskBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task AVisitorTapsAServiceTypesTheirNameAndGetsTheServersTicketWithAQrCodeAndTheDeskSeesThemLiveFromTheKiosk()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await KioskScreen.TokenAsync(App, branch);
        await using var deskContext = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(deskContext, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitOnlineAsync();
        await using var kioskContext = await KioskScreen.ContextAsync(browser);
        var kiosk = await KioskScreen.OpenAsync(kioskContext, branch, token);
        await Expect(kiosk.Page.Locator(".kiosk-service")).ToHaveTextAsync(["General", "Billing"]);
        Assert.Empty(await kiosk.AccessibilityViolationsAsync());
        await kiosk.ScreenshotBothSizesAsync("start");

        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "General", Exact = true }).TapAsync();
        await Expect(kiosk.Page.GetByLabel("Your name (optional)")).ToBeFocusedAsync();
        Assert.Empty(await kiosk.AccessibilityViolationsAsync());
        await kiosk.ScreenshotAsync("details-1024");
        await kiosk.Page.GetByLabel("Your name (optional)").FillAsync("Ada Lovelace");
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).TapAsync();

        await Expect(kiosk.Ticket).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^A-\\d{3}$"));
        await Expect(kiosk.Page.Locator("#ticket-service")).ToHaveTextAsync("General");
        var qr = kiosk.Page.GetByRole(AriaRole.Img, new() { NameRegex = new System.Text.RegularExpressions.Regex("^QR code") });
        await qr.EvaluateAsync("i => i.decode()");
        Assert.True(await qr.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"), "the QR picture did not load");
        Assert.Empty(await kiosk.AccessibilityViolationsAsync());
        await kiosk.ScreenshotAsync("ticket-1024");
        var ticket = await kiosk.Ticket.TextContentAsync();

        // The desk hears of the visitor live, with the kiosk's ticket and where they came from.
        var visit = desk.Visit("Ada Lovelace");
        await Expect(visit.Locator(".ticket")).ToHaveTextAsync(ticket!);
        await Expect(visit.Locator(".tag-channel")).ToHaveTextAsync("kiosk");
        var stored = await App.WithDbAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.BranchId == branch.Id));
        Assert.Equal(VisitChannel.Kiosk, stored.Channel);
        Assert.Equal(ticket, stored.Ticket);

        // A tap on the ticket, and the kiosk is ready for the next visitor.
        await kiosk.Ticket.TapAsync();
        await Expect(kiosk.Page.GetByRole(AriaRole.Heading, new() { Name = "Welcome! What are you here for?" })).ToBeVisibleAsync();
        Assert.Equal(0, await kiosk.PrintedAsync());
    }

    [Fact]
    public async Task ARegisterWhoseAnswerIsLostIsSentAgainAndStaysOneTicket()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await KioskScreen.TokenAsync(App, branch);
        await using var kioskContext = await KioskScreen.ContextAsync(browser);
        var kiosk = await KioskScreen.OpenAsync(kioskContext, branch, token);
        var pushes = 0;
        await kiosk.Page.RouteAsync("**/push", async route =>
        {
            // The first push reaches the server, and its answer is lost on the way back.
            var response = await route.FetchAsync();
            if (Interlocked.Increment(ref pushes) == 1)
            {
                Assert.Equal(200, response.Status);
                await route.AbortAsync();
            }
            else
            {
                await route.FulfillAsync(new() { Response = response });
            }
        });

        var ticket = await kiosk.CheckInAsync("Billing", "Grace Hopper");

        Assert.Equal(2, pushes);
        var visits = await App.WithDbAsync(db => db.Visits.AsNoTracking().Where(v => v.BranchId == branch.Id).ToListAsync());
        var only = Assert.Single(visits);
        Assert.Equal(ticket, only.Ticket);
        Assert.Equal("Grace Hopper", only.Name);

        // The next visitor gets the next number (the kiosk's: leased), under the kiosk's next mutation id.
        Assert.Equal("B-501", ticket);
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).TapAsync();
        Assert.Equal("B-502", await kiosk.CheckInAsync("Billing", "Alan Turing"));
    }

    [Fact]
    public async Task AKioskTokenRegistersOnlyAtItsOwnBranchAndNeverCallsOrEdits()
    {
        var branch = await TestBranch.CreateAsync(App);
        var other = await TestBranch.CreateAsync(App);
        var token = await KioskScreen.TokenAsync(App, branch);
        using var http = new HttpClient { BaseAddress = browser.BaseAddress };
        var clientId = Guid.NewGuid();
        var visitId = Guid.NewGuid();
        object Register(long id, Guid service) => new
        {
            clientId, mutationId = id, type = "register", visitId = id == 1 ? visitId : Guid.NewGuid(), args = new { serviceId = service, name = "Ada" },
        };

        var elsewhere = await PushAsync(http, other.Slug, token, Register(1, other.General));
        Assert.Equal(HttpStatusCode.Forbidden, elsewhere.Status);
        Assert.Equal(ProblemCodes.ForbiddenBranch, elsewhere.Body.GetProperty("code").GetString());

        var registered = await PushAsync(http, branch.Slug, token, Register(1, branch.General));
        Assert.Equal(HttpStatusCode.OK, registered.Status);
        var result = registered.Body.GetProperty("results")[0];
        Assert.Equal("applied", result.GetProperty("status").GetString());
        Assert.Equal("kiosk", result.GetProperty("visit").GetProperty("channel").GetString());
        var code = result.GetProperty("visit").GetProperty("code").GetString()!;

        // The same register again is the same ticket (a duplicate), not a second visitor.
        var again = await PushAsync(http, branch.Slug, token, Register(1, branch.General));
        Assert.Equal("duplicate", again.Body.GetProperty("results")[0].GetProperty("status").GetString());

        foreach (var action in new object[]
                 {
                     new { clientId, mutationId = 2L, type = "call", visitId, args = new { deskId = branch.Desk1 } },
                     new { clientId, mutationId = 2L, type = "callNext", visitId = (Guid?)null, args = new { deskId = branch.Desk1 } },
                     new { clientId, mutationId = 2L, type = "updateDetails", visitId, args = new { name = "Eve" } },
                     new { clientId, mutationId = 2L, type = "cancel", visitId, args = new { } },
                 })
        {
            var refused = await PushAsync(http, branch.Slug, token, action);
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
            Assert.Equal(ProblemCodes.ForbiddenAction, refused.Body.GetProperty("code").GetString());
        }

        var visit = await App.WithDbAsync(db => db.Visits.AsNoTracking().SingleAsync(v => v.Id == visitId));
        Assert.Equal((VisitStatus.Waiting, "Ada"), (visit.Status, visit.Name));

        // Its clientId is the kiosk's: a desk login cannot act under it.
        var desk = new TestClient(App, branch, new Caller("desk-login", CallerKind.Desk, branch.Id, "user-1", branch.Desk1));
        var stolen = await App.SendAsync(new Reception.Sync.Apply.PushActions(branch.Slug,
            [new SyncAction { ClientId = clientId, MutationId = 2, Type = "call", VisitId = visitId, Args = JsonSerializer.SerializeToElement(new { deskId = branch.Desk1 }) }],
            desk.Caller));
        Assert.Equal(ProblemCodes.ClientNotYours, stolen.Problem?.Code);

        // Without the token, or with a made-up one: 401. The QR code: only of its own visits.
        Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync(http, branch.Slug, null, Register(2, branch.General))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync(http, branch.Slug, "kt_made-up", Register(2, branch.General))).Status);
        Assert.Equal(HttpStatusCode.OK, (await QrAsync(http, branch.Slug, code, token)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await QrAsync(http, other.Slug, code, token)).StatusCode);
        var setup = new TestClient(App, branch);
        var deskVisit = (await setup.PushAsync(setup.Register(Guid.NewGuid(), branch.General, "Alan"))).Single().Visit!;
        Assert.Equal(HttpStatusCode.NotFound, (await QrAsync(http, branch.Slug, deskVisit.Code!, token)).StatusCode);

        // The kiosk page itself: another branch's link shows it is off.
        await using var context = await KioskScreen.ContextAsync(browser);
        var page = await context.NewPageAsync();
        var response = await page.GotoAsync($"/kiosk/{other.Slug}?token={token}");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This kiosk has been switched off" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AnAdminCreatesAnAutoPrintingKioskLinkAsksNamesForAServiceAndRevokingTheLinkSwitchesTheOpenKioskOff()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var adminContext = await browser.NewContextAsync();
        var admin = await BoardPages.SignInAsync(adminContext, await TestLogin.CreateAsync(App, null, Roles.Admin), "/admin");
        await admin.GotoAsync($"/admin/branch/{branch.Slug}");

        // Billing asks every visitor's name.
        await admin.GetByRole(AriaRole.Link, new() { Name = "Billing", Exact = true }).ClickAsync();
        await admin.GetByLabel("At the kiosk").SelectOptionAsync("Required");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the service" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Create a kiosk link" })).ToBeVisibleAsync();

        await admin.GetByRole(AriaRole.Link, new() { Name = "Create a kiosk link" }).ClickAsync();
        await admin.GetByLabel("Name").FillAsync("Front door tablet");
        await admin.GetByLabel(new System.Text.RegularExpressions.Regex("^Automatic printing")).CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create the kiosk link" }).ClickAsync();
        var link = await admin.Locator("#secret").InputValueAsync();
        Assert.Matches("/kiosk/" + branch.Slug + "\\?token=kt_[A-Za-z0-9_-]+&print=auto$", link);

        await using var kioskContext = await KioskScreen.ContextAsync(browser);
        var kiosk = await KioskScreen.OpenAsync(kioskContext, link);
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Billing", Exact = true }).TapAsync();
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).TapAsync();
        await Expect(kiosk.Page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Please type your name.");
        await kiosk.Page.GetByLabel("Your name", new() { Exact = true }).FillAsync("Grace Hopper");
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).TapAsync();
        await Expect(kiosk.Ticket).ToHaveTextAsync("B-501");
        await kiosk.Page.WaitForFunctionAsync("() => window.__printed === 1");

        await admin.GotoAsync($"/admin/branch/{branch.Slug}");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Revoke Front door tablet" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Row, new() { Name = "Front door tablet" })).ToContainTextAsync("revoked");
        await Expect(kiosk.SwitchedOff).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "General", Exact = true })).ToBeHiddenAsync();
    }

    [Fact]
    public async Task OfflineTheKioskIssuesItsLeasedNumbersThenSendsVisitorsToTheDeskAndEveryOneReachesTheServerOnce()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await KioskScreen.TokenAsync(App, branch);
        await using var kioskContext = await KioskScreen.ContextAsync(browser);
        var kiosk = await KioskScreen.OpenAsync(kioskContext, branch, token);
        await Expect(kiosk.Page.Locator("#kiosk[data-tickets='10']")).ToBeAttachedAsync();   // 5 leased per service

        await kioskContext.SetOfflineAsync(true);
        var shown = new List<string>();
        for (var i = 1; i <= 5; i++)
        {
            shown.Add(await kiosk.CheckInAsync("General", $"Offline {i}"));
            await Expect(kiosk.Page.GetByText("You are registered; your place will appear on the screen shortly.")).ToBeVisibleAsync();
            await Expect(kiosk.Page.Locator("#ticket-qr")).ToBeHiddenAsync();
            if (i == 1) await kiosk.ScreenshotBothSizesAsync("ticket-offline-leased");
            await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).TapAsync();
        }

        Assert.Equal(["A-501", "A-502", "A-503", "A-504", "A-505"], shown);
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "General", Exact = true }).TapAsync();
        await kiosk.Page.GetByLabel("Your name (optional)").FillAsync("Offline 6");
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).TapAsync();
        await Expect(kiosk.Page.GetByRole(AriaRole.Heading, new() { Name = "Please check in at the desk" })).ToBeVisibleAsync();
        await Expect(kiosk.Page.Locator("#failed-reason")).ToContainTextAsync("no tickets left");
        await kiosk.ScreenshotBothSizesAsync("no-tickets");
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));

        await kioskContext.SetOfflineAsync(false);
        await Expect(kiosk.Page.Locator("#kiosk[data-unsent='0']")).ToBeAttachedAsync();
        var visits = await App.WithDbAsync(db => db.Visits.AsNoTracking().Where(v => v.BranchId == branch.Id).OrderBy(v => v.Ticket).ToListAsync());
        Assert.Equal(shown, visits.Select(v => v.Ticket));
        Assert.Equal(["Offline 1", "Offline 2", "Offline 3", "Offline 4", "Offline 5"], visits.Select(v => v.Name));
        Assert.All(visits, v => Assert.Equal(VisitChannel.Kiosk, v.Channel));

        // Back online, the kiosk leases more, and the next visitor gets the server's answer and its QR code.
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "OK" }).TapAsync();
        var again = await kiosk.CheckInAsync("General", "Online again");
        await Expect(kiosk.Page.Locator("#ticket-qr")).ToBeVisibleAsync();
        Assert.Matches("^A-5\\d\\d$", again);
        Assert.DoesNotContain(again, shown);
        Assert.Equal(again, await App.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id && v.Name == "Online again").Select(v => v.Ticket).SingleAsync()));
    }

    [Fact]
    public async Task TheTicketPrintsAsAn80MillimetreReceipt()
    {
        var branch = await TestBranch.CreateAsync(App);
        var token = await KioskScreen.TokenAsync(App, branch);
        await using var kioskContext = await KioskScreen.ContextAsync(browser);
        var kiosk = await KioskScreen.OpenAsync(kioskContext, branch, token);
        var ticket = await kiosk.CheckInAsync("General", "Ada Lovelace");
        await kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Print" }).TapAsync();
        Assert.Equal(1, await kiosk.PrintedAsync());

        await kiosk.Page.EmulateMediaAsync(new() { Media = Media.Print });
        await kiosk.Page.SetViewportSizeAsync(302, 700);   // 80 mm at 96 px per inch
        var receipt = kiosk.Page.Locator("#receipt");
        var width = await receipt.EvaluateAsync<double>("r => r.getBoundingClientRect().width");
        Assert.InRange(width, 200, 80 / 25.4 * 96);
        Assert.True(await kiosk.Page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= 303"), "the receipt is wider than 80 mm");
        Assert.True(await kiosk.Ticket.EvaluateAsync<bool>("t => t.scrollWidth <= t.clientWidth"), "the ticket number overflows");
        await Expect(kiosk.Ticket).ToHaveTextAsync(ticket);
        await Expect(kiosk.Page.Locator("#ticket-service")).ToBeVisibleAsync();
        await Expect(kiosk.Page.Locator("#ticket-time")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^\\d{2}:\\d{2}$"));
        await Expect(kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Print" })).ToBeHiddenAsync();
        await Expect(kiosk.Page.GetByRole(AriaRole.Button, new() { Name = "Done" })).ToBeHiddenAsync();
        await kiosk.Page.ScreenshotAsync(new() { FullPage = true, Path = ShotPath("print-80mm") });
    }

    private static string? ShotPath(string name) =>
        Environment.GetEnvironmentVariable("RECEPTION_SCREENSHOTS") is { Length: > 0 } folder ? Path.Combine(folder, "kiosk-" + name + ".png") : null;

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PushAsync(HttpClient http, string branch, string? token, object action)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/kiosk/{branch}/push") { Content = JsonContent.Create(new { actions = new[] { action } }) };
        if (token is not null) request.Headers.Add(KioskAuthenticationHandler.Header, token);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = response.Content.Headers.ContentType?.MediaType?.EndsWith("json", StringComparison.Ordinal) == true;
        return (response.StatusCode, json ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }

    private static async Task<HttpResponseMessage> QrAsync(HttpClient http, string branch, string code, string token) =>
        await http.GetAsync($"/kiosk/{branch}/v/{code}/qr.svg?token={Uri.EscapeDataString(token)}");
}
