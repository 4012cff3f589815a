using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>
/// The tickets a receptionist reads out: 001, 002… online even while the desk holds numbers for
/// offline use, real leased numbers (501 up) offline, and no two visitors with one number.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TicketNumberBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private static Task ExpectTicketAsync(ILocator visit, string ticket) =>
        Expect(visit.Locator(".ticket")).ToHaveTextAsync(ticket);

    private static Task ExpectTicketAsync(ILocator visit, Regex ticket) =>
        Expect(visit.Locator(".ticket")).ToHaveTextAsync(ticket);

    /// <summary>Desk 1's login signed in, on a screen of the given size.</summary>
    private async Task<DeskPage> Desk1Async(IBrowserContext context, TestBranch branch, int width, int height)
    {
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.Page.SetViewportSizeAsync(width, height);
        return desk;
    }

    [Fact]
    public async Task OnlineTicketsCountFromOneWhileALeaseIsHeldAndOfflineOnesComeFromTheLeaseWithoutColliding()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var desk = await Desk1Async(context, branch, 1366, 768); // a desk PC
        await desk.WaitReadyForOfflineAsync(); // it holds a block of A numbers for offline use

        // The day's first walk-ins, online: the line starts at 001 and has no gaps.
        var first = await desk.RegisterAsync("First Walkin");
        await ExpectTicketAsync(first, "A-001");
        var second = await desk.RegisterAsync("Second Walkin");
        await ExpectTicketAsync(second, "A-002");
        await DeskPage.ExpectSyncAsync(second, "synced");
        await Expect(desk.OfflineTickets).ToContainTextAsync("A: 5 left"); // online it spent none of them
        await desk.ScreenshotAsync("tickets-online");

        // Offline: a real number at once, from the leased range, not a provisional one.
        await context.SetOfflineAsync(true);
        await Expect(desk.Badge).ToContainTextAsync("Offline");
        var offlineOne = await desk.RegisterAsync("Offline One");
        var offlineTwo = await desk.RegisterAsync("Offline Two");
        await ExpectTicketAsync(offlineOne, LeasedRange());
        await ExpectTicketAsync(offlineTwo, LeasedRange());
        await Expect(offlineOne.Locator(".ticket.provisional")).ToHaveCountAsync(0);
        var (one, two) = (await offlineOne.Locator(".ticket").InnerTextAsync(), await offlineTwo.Locator(".ticket").InnerTextAsync());
        Assert.NotEqual(one, two);
        await desk.ScreenshotAsync("tickets-offline");

        // Meanwhile another desk registers online; then this one comes back.
        var other = new TestClient(App, branch);
        var elsewhere = await other.PushOneAsync(other.Register(Guid.NewGuid(), branch.General, "Other Desk"));
        Assert.Equal("A-003", elsewhere.Visit!.Ticket);
        await context.SetOfflineAsync(false);
        await DeskPage.ExpectSyncAsync(offlineOne, "synced");
        await DeskPage.ExpectSyncAsync(offlineTwo, "synced");
        await ExpectTicketAsync(offlineOne, one); // the number the visitor was given still counts
        await ExpectTicketAsync(offlineTwo, two);
        await ExpectTicketAsync(await desk.RegisterAsync("Back Online"), "A-004");

        var tickets = await App.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id)
            .OrderBy(v => v.Ticket).Select(v => v.Ticket).ToListAsync());
        Assert.Equal(["A-001", "A-002", "A-003", "A-004", one, two], tickets);
    }

    [Fact]
    public async Task ATransferredVisitorKeepsTheirTicketInTheNewServicesQueue()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var desk = await Desk1Async(context, branch, 1024, 768); // a tablet
        await desk.WaitOnlineAsync();
        var visit = await desk.RegisterAsync("Moving Visitor");
        await ExpectTicketAsync(visit, "A-001");

        await visit.GetByRole(AriaRole.Button, new() { NameRegex = EditDetails() }).ClickAsync();
        var form = visit.Locator("form.visit-edit");
        await form.GetByLabel("Transfer to").SelectOptionAsync(new SelectOptionValue { Label = "Billing" });
        await form.GetByRole(AriaRole.Button, new() { Name = "Transfer" }).ClickAsync();

        var billing = desk.Page.Locator($"#queues [data-service-id='{branch.Billing}']");
        var moved = billing.Locator(".visit").Filter(new() { HasText = "Moving Visitor" });
        await DeskPage.ExpectSyncAsync(moved, "synced");
        await ExpectTicketAsync(moved, "A-001");
        await Expect(desk.Page.Locator($"#queues [data-service-id='{branch.General}'] .visit")).ToHaveCountAsync(0);
        await ExpectTicketAsync(await desk.RegisterAsync("Next General"), "A-002");
        await desk.ScreenshotAsync("tickets-transferred");
    }

    [Fact]
    public async Task AnOfflineDeskSpendsALeasedBlockOnlyOnTheBranchsDayAsTheServerCountsIt()
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/login");
        // 23:00 on the 24th, then 00:30 on the 25th at a branch in Auckland, while UTC (and this browser) are on the 24th.
        DateTime[] instants = [new(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc), new(2026, 11, 24, 11, 30, 0, DateTimeKind.Utc)];
        var server = new Reception.Sync.Access.BranchRef(Guid.Empty, "b", "Pacific/Auckland");

        var taken = await page.EvaluateAsync<string[]>("""
            async instants => {
              const { dayIn, takeTicket } = await import('/js/leases.js');
              const zone = 'Pacific/Auckland';
              const lease = { blocks: [{ serviceId: 's', prefix: 'A', day: dayIn(zone, new Date(instants[0])), timeZone: zone,
                first: 501, last: 502, next: 501 }] };
              return instants.map(at => `${dayIn(zone, new Date(at))} ${takeTicket(lease, 's', new Date(at))?.label ?? 'none'}`);
            }
            """, instants.Select(i => i.ToString("O")).ToArray());

        Assert.Equal(instants.Select(i => server.LocalDay(i).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), taken.Select(t => t[..10]));
        Assert.Equal(["2026-11-24 A-501", "2026-11-25 none"], taken);
    }

    [GeneratedRegex(@"^A-5\d\d$")]
    private static partial Regex LeasedRange();

    [GeneratedRegex("^Edit details")]
    private static partial Regex EditDetails();
}
