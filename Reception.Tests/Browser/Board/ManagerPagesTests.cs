using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Dashboard;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser.Board;

/// <summary>A manager's pages in a real Chromium: the conflicts in words, the dashboard on a phone, reports and their CSV.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ManagerPagesTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    // Nine hours ahead of UTC all year: a time shown in UTC or on the test machine's clock would not match.
    private const string Zone = "Asia/Tokyo";

    private ReceptionApp App => browser.App;

    [Fact]
    public async Task TheConflictsPageTellsAManagerWhichDeskWhichVisitorWhatEachWantedWhenAndWhetherItWasResolved()
    {
        var branch = await BranchInAsync(Zone);
        var desk1 = await DeskOfAsync(branch, branch.Desk1);
        var desk2 = await DeskOfAsync(branch, branch.Desk2);
        Guid ana = Guid.NewGuid(), ben = Guid.NewGuid();
        var registered = await desk1.PushAsync(desk1.Register(ana, branch.General, "Ana Li"), desk1.Register(ben, branch.General, "Ben Ode", new { phone = "111" }));
        var seen = registered[1].Visit!;
        await desk1.PushAsync(desk1.Call(ana, branch.Desk1), desk1.Next("startService", ana, new { deskId = branch.Desk1 }));
        var changed = await desk1.PushOneAsync(desk1.Edit(ben, seen.Version, new { phone = "222" }, new() { ["phone"] = seen.FieldVersions.Phone }));
        // Desk 2 was offline and still saw Ana waiting and Ben's old phone.
        await desk2.PushOneAsync(desk2.Next("noShow", ana));
        await desk2.PushOneAsync(desk2.Edit(ben, seen.Version, new { phone = "333" }, new() { ["phone"] = seen.FieldVersions.Phone }));
        // Desk 2 chooses "Re-apply mine" for the phone: the edit is sent again.
        await desk2.PushOneAsync(desk2.Edit(ben, changed.Version!.Value, new { phone = "333" }, new() { ["phone"] = changed.Version!.Value }));
        var at = await App.WithDbAsync(db => db.MutationRecords.Where(m => m.BranchId == branch.Id && m.Status == "conflict")
            .OrderBy(m => m.At).Select(m => m.At).FirstAsync());

        await using var context = await browser.NewContextAsync();
        var page = await BoardPages.DashboardAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await page.SetViewportSizeAsync(1366, 768);
        await Expect(page.Locator("#problems-link")).ToContainTextAsync("2");
        await Expect(page.Locator($"#desks tr[data-desk-id='{branch.Desk1}'] .at-desk li")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^A-001 serving since "));
        await BoardPages.ScreenshotAsync(page, "dashboard-1366");
        await page.Locator("#problems-link").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Conflicts and failures today" })).ToBeVisibleAsync();
        var noShow = page.Locator("#problems .problem").Filter(new() { HasText = "no-show" });
        await Expect(noShow.Locator("h2")).ToHaveTextAsync("Desk 2 · A-001 Ana Li");
        await Expect(noShow.Locator(".tried")).ToHaveTextAsync("Desk 2 tried to mark A-001 Ana Li as a no-show.");
        await Expect(noShow.Locator(".found")).ToHaveTextAsync("Desk 1 was already serving A-001.");
        await Expect(noShow.Locator("time")).ToHaveTextAsync(BranchZone.Clock(at, Zone));
        await Expect(noShow.Locator(".state")).ToHaveTextAsync("Open");
        await Expect(noShow.Locator(".outcome")).ToContainTextAsync("Nothing has changed since: A-001 is still being served at Desk 1 since");
        var phone = page.Locator("#problems .problem").Filter(new() { HasText = "phone" });
        await Expect(phone.Locator(".tried")).ToHaveTextAsync("Desk 2 tried to change A-002 Ben Ode’s phone to “333”.");
        await Expect(phone.Locator(".found")).ToHaveTextAsync("Desk 1 had already changed the phone to “222”.");
        await Expect(phone.Locator(".state")).ToHaveTextAsync("Resolved");
        await Expect(phone.Locator(".outcome")).ToContainTextAsync("Desk 2 re-applied the phone “333” at");
        await Expect(page.Locator("#problems-summary")).ToHaveTextAsync("2 today · 1 still open");
        await Expect(page.Locator("#problems")).Not.ToContainTextAsync("UTC");

        // The engineers' details are one click away, not in the way.
        await Expect(noShow.GetByText("client ")).ToBeHiddenAsync();
        await noShow.GetByText("Details for support").ClickAsync();
        await Expect(noShow.Locator(".technical dd").First).ToBeVisibleAsync();
        await Expect(noShow.Locator(".technical")).ToContainTextAsync("The desk was told");
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(page));
        await BoardPages.ScreenshotAsync(page, "conflicts-1366");

        await page.SetViewportSizeAsync(390, 844);
        await BoardPages.AssertFitsAsync(page);
        await BoardPages.ScreenshotAsync(page, "conflicts-390");
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to the dashboard" }).ClickAsync();
        await Expect(page.Locator("#dashboard[data-ready='true']")).ToBeAttachedAsync();
    }

    [Fact]
    public async Task OnAPhoneTheDashboardFitsAndADeskWithThreeCalledShowsAllThreeTheSameOnFirstPaintAndLive()
    {
        var branch = await BranchInAsync(Zone);
        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        var ids = Enumerable.Range(0, 4).Select(_ => Guid.NewGuid()).ToList();
        await setup.PushAsync(ids.Select((id, i) => setup.Register(id, branch.General, "Visitor " + i)).ToArray());
        foreach (var id in ids.Take(3))
        {
            await setup.PushOneAsync(setup.Call(id, branch.Desk1));
        }

        var called = await App.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id && v.Status == VisitStatus.Called)
            .OrderByDescending(v => v.CalledAt).Select(v => new { v.Ticket, v.CalledAt }).ToListAsync());
        var expected = called.Select(v => $"{v.Ticket} called {BranchZone.Clock(v.CalledAt!.Value, Zone)}").ToArray();

        await using var context = await browser.NewContextAsync();
        var page = await BoardPages.DashboardAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await page.SetViewportSizeAsync(390, 844);
        var atDesk1 = page.Locator($"#desks tr[data-desk-id='{branch.Desk1}'] .at-desk li");
        await Expect(atDesk1).ToHaveTextAsync(expected);
        Assert.Equal(["A-003", "A-002", "A-001"], called.Select(v => v.Ticket));
        await Expect(page.Locator("[data-part='updated']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d\d:\d\d$"));
        await BoardPages.AssertFitsAsync(page);
        Assert.Equal("grid", await page.Locator("#waiting tr").First.EvaluateAsync<string>("e => getComputedStyle(e).display"));   // a card
        await Expect(page.Locator("#waiting tr").First.Locator("td").First).ToHaveAttributeAsync("data-label", "Service");
        await BoardPages.ScreenshotAsync(page, "dashboard-390");

        // A change arrives live: the desks are painted again by the script, the same way.
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await setup.PushOneAsync(setup.Next("startService", ids[0], new { deskId = branch.Desk1 }));
        var started = await App.WithDbAsync(db => db.Visits.Where(v => v.Id == ids[0]).Select(v => v.StartedAt!.Value).SingleAsync());
        await Expect(atDesk1).ToHaveTextAsync([expected[0], expected[1], $"A-001 serving since {BranchZone.Clock(started, Zone)}"]);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the dashboard reloaded");
        await BoardPages.AssertFitsAsync(page);

        await page.Locator("#reports-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show figures" })).ToBeVisibleAsync();
        await BoardPages.AssertFitsAsync(page);
    }

    [Fact]
    public async Task AManagerPicksDatesSeesTheFiguresAndDownloadsTheVisitsAsCsvForTheirOwnBranchOnly()
    {
        var branch = await BranchInAsync(Zone);
        var setup = new TestClient(App, branch, new Caller("setup", CallerKind.Manager, branch.Id));
        Guid served = Guid.NewGuid(), missed = Guid.NewGuid(), cancelled = Guid.NewGuid(), waiting = Guid.NewGuid();
        await setup.PushAsync(setup.Register(served, branch.General, "Ana"), setup.Register(missed, branch.General, "Ben"),
            setup.Register(cancelled, branch.Billing, "Cy"), setup.Register(waiting, branch.Billing, "Di"),
            setup.Call(served, branch.Desk1), setup.Next("startService", served, new { deskId = branch.Desk1 }), setup.Next("complete", served),
            setup.Call(missed, branch.Desk2), setup.Next("noShow", missed), setup.Next("cancel", cancelled));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, BranchZone.Of(Zone))).ToString("yyyy-MM-dd");
        var other = await TestBranch.CreateAsync(App);

        await using var context = await browser.NewContextAsync();
        var page = await BoardPages.DashboardAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Manager), branch);
        await page.Locator("#reports-link").ClickAsync();
        await page.GetByLabel("From").FillAsync(today);
        await page.GetByLabel("To (inclusive)").FillAsync(today);
        await page.GetByRole(AriaRole.Button, new() { Name = "Show figures" }).ClickAsync();

        await Expect(page.Locator("[data-figure='visits']")).ToHaveTextAsync("4");
        await Expect(page.Locator("[data-figure='served']")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-figure='noShows']")).ToHaveTextAsync("1");
        await Expect(page.Locator("[data-figure='cancelled']")).ToHaveTextAsync("1");
        await Expect(page.Locator("#report-services tbody tr")).ToHaveCountAsync(2);
        await Expect(page.Locator("#report-desks tbody th")).ToHaveTextAsync(["Desk 1", "Desk 2", "No desk"]);
        Assert.Empty(await BoardPages.SeriousAccessibilityViolationsAsync(page));

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Download visits (CSV)" }).ClickAsync());
        Assert.EndsWith(".csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', VisitsCsv.Header), rows[0]);
        Assert.Equal(5, rows.Length);
        var times = await App.WithDbAsync(db => db.Visits.Where(v => v.Id == served).Select(v => new { v.ArrivedAt, v.CompletedAt }).SingleAsync());
        string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, BranchZone.Of(Zone)).ToString("yyyy-MM-dd HH:mm");
        var ana = rows.Single(r => r.Contains(",A-001,"));
        Assert.StartsWith($"{today},A-001,General,Desk 1,served,{Local(times.ArrivedAt)},", ana);
        Assert.Contains($",{Local(times.CompletedAt!.Value)},0,0", ana);
        Assert.Contains(rows, r => r.Contains(",no-show,") && r.Contains("Desk 2"));
        Assert.Contains(rows, r => r.Contains(",B-002,Billing,,waiting,"));

        // A reversed range is told in words, not a crash; so is a date that is not one.
        await page.GetByLabel("From").FillAsync("2026-12-05");
        await page.GetByLabel("To (inclusive)").FillAsync("2026-12-01");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Show figures" }).ClickAsync(), r => r.Url.Contains("from=2026-12-05"));
        Assert.Equal(400, refused.Status);
        await Expect(page.Locator("#report-error")).ToHaveTextAsync("The end date (2026-12-01) is before the start date (2026-12-05): swap them.");
        await Expect(page.Locator("#report")).ToHaveCountAsync(0);
        var bad = await page.APIRequest.GetAsync($"/dashboard/reports?handler=csv&branch={branch.Slug}&from=2026-02-30&to={today}");
        Assert.Equal(400, bad.Status);
        Assert.Contains("is not a date", await bad.TextAsync());

        // Another branch's report and visits: refused.
        Assert.Equal(403, (await page.APIRequest.GetAsync($"/dashboard/reports?handler=csv&branch={other.Slug}&from={today}&to={today}")).Status);
        Assert.Equal(403, (await page.GotoAsync($"/dashboard/reports?branch={other.Slug}"))!.Status);

        await page.GotoAsync($"/dashboard/reports?branch={branch.Slug}&from={today}&to={today}");
        await page.SetViewportSizeAsync(390, 844);
        await Expect(page.Locator("[data-figure='visits']")).ToHaveTextAsync("4");
        await BoardPages.AssertFitsAsync(page);
        await BoardPages.ScreenshotAsync(page, "reports-390");
    }

    private async Task<TestBranch> BranchInAsync(string zone)
    {
        var branch = await TestBranch.CreateAsync(App);
        await App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).ExecuteUpdateAsync(s => s.SetProperty(b => b.TimeZoneId, zone)));
        return branch;
    }

    /// <summary>A client acting as a Desk login of the desk, as its browser would (the login owns the clientId).</summary>
    private async Task<TestClient> DeskOfAsync(TestBranch branch, Guid desk)
    {
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, desk);
        var id = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == login.UserName).Select(u => u.Id).SingleAsync());
        return new TestClient(App, branch, new Caller(login.UserName, CallerKind.Desk, branch.Id, id, desk));
    }
}
