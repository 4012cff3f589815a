using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>Two desks editing one visitor while offline, and visitor text that looks like markup.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskEditingTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private async Task<(TestBranch Branch, IBrowserContext A, IBrowserContext B, DeskPage DeskA, DeskPage DeskB)> TwoDesksAsync()
    {
        var branch = await TestBranch.CreateAsync(App);
        var contextA = await browser.NewContextAsync();
        var contextB = await browser.NewContextAsync();
        var deskA = await DeskPage.SignInAsync(contextA, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        var deskB = await DeskPage.SignInAsync(contextB, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk2));
        await deskA.WaitOnlineAsync();
        await deskB.WaitOnlineAsync();
        return (branch, contextA, contextB, deskA, deskB);
    }

    /// <summary>A visitor registered at desk A and seen synced at both desks.</summary>
    private static async Task<(string Id, ILocator AtA, ILocator AtB)> SharedVisitAsync(DeskPage deskA, DeskPage deskB,
        string name, string? phone = null)
    {
        var registered = await deskA.RegisterAsync(name, phone);
        await DeskPage.ExpectSyncAsync(registered, "synced");
        var id = (await registered.GetAttributeAsync("data-visit-id"))!;
        var atB = deskB.VisitById(id);
        await DeskPage.ExpectSyncAsync(atB, "synced");
        return (id, deskA.VisitById(id), atB);
    }

    /// <summary>Both desks rename the visitor offline; A comes back first and wins, B gets the conflict note.</summary>
    private static async Task<ILocator> NameConflictAsync(IBrowserContext contextA, IBrowserContext contextB,
        ILocator atA, ILocator atB, string nameA, string nameB)
    {
        await contextA.SetOfflineAsync(true);
        await contextB.SetOfflineAsync(true);
        await DeskPage.EditAsync(atA, name: nameA);
        await DeskPage.EditAsync(atB, name: nameB);
        await contextA.SetOfflineAsync(false);
        await DeskPage.ExpectSyncAsync(atA, "synced");
        await contextB.SetOfflineAsync(false);
        await DeskPage.ExpectSyncAsync(atB, "needs a choice");
        return atB.Locator(".note-conflict");
    }

    private Task<long> FeedVersionAsync(TestBranch branch) =>
        App.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.FeedVersion).SingleAsync());

    [Fact]
    public async Task TwoDesksEditingDifferentFieldsOfflineBothKeepTheirEditsAndTheSameFieldShowsTheLoserTheConflict()
    {
        var (branch, contextA, contextB, deskA, deskB) = await TwoDesksAsync();
        await using var _ = contextA;
        await using var __ = contextB;
        var (_, atA, atB) = await SharedVisitAsync(deskA, deskB, "Edsger Dijkstra", phone: "0100");

        // Different fields: both survive.
        await contextA.SetOfflineAsync(true);
        await contextB.SetOfflineAsync(true);
        await DeskPage.EditAsync(atA, phone: "0200");
        await DeskPage.EditAsync(atB, notes: "Wheelchair user");
        await DeskPage.ExpectSyncAsync(atA, "pending");
        await DeskPage.ExpectSyncAsync(atB, "pending");
        await contextA.SetOfflineAsync(false);
        await DeskPage.ExpectSyncAsync(atA, "synced");
        await contextB.SetOfflineAsync(false);
        await DeskPage.ExpectSyncAsync(atB, "synced");
        foreach (var visit in new[] { atA, atB })
        {
            await Expect(visit.Locator(".phone")).ToHaveTextAsync("0200");
            await Expect(visit.Locator(".visit-notes")).ToHaveTextAsync("Wheelchair user");
        }

        // The same field: the desk that comes back second sees the server's value beside its own.
        var conflict = await NameConflictAsync(contextA, contextB, atA, atB, "Edsger W. Dijkstra", "E. W. Dijkstra");
        await Expect(conflict).ToContainTextAsync("Name");
        await Expect(conflict.Locator(".server-value")).ToHaveTextAsync("Edsger W. Dijkstra");
        await Expect(conflict.Locator(".desk-value")).ToHaveTextAsync("E. W. Dijkstra");
        await Expect(atB.Locator(".name")).ToHaveTextAsync("Edsger W. Dijkstra");
        await Expect(conflict.GetByRole(AriaRole.Button, new() { Name = "Accept the server's name" })).ToBeVisibleAsync();
        await deskB.ScreenshotAsync("desk-conflict");

        // One click re-applies the desk's value, now over the server's.
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Re-apply this desk's name" }).ClickAsync();
        await Expect(conflict).ToHaveCountAsync(0);
        await DeskPage.ExpectSyncAsync(atB, "synced");
        await Expect(atA.Locator(".name")).ToHaveTextAsync("E. W. Dijkstra");

        var stored = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.BranchId == branch.Id));
        Assert.Equal(("E. W. Dijkstra", "0200", "Wheelchair user"), (stored.Name, stored.Phone, stored.Notes));
    }

    [Fact]
    public async Task AcceptingTheServersValueClearsTheConflictAndSendsNothing()
    {
        var (branch, contextA, contextB, deskA, deskB) = await TwoDesksAsync();
        await using var _ = contextA;
        await using var __ = contextB;
        var (id, atA, atB) = await SharedVisitAsync(deskA, deskB, "Barbara Liskov");
        var conflict = await NameConflictAsync(contextA, contextB, atA, atB, "Barbara H. Liskov", "B. Liskov");
        await Expect(conflict.Locator(".server-value")).ToHaveTextAsync("Barbara H. Liskov");
        var versionBefore = await FeedVersionAsync(branch);

        // Accepting keeps what the server has: the note goes, the desk's value is dropped, nothing is sent.
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Accept the server's name" }).ClickAsync();
        await Expect(conflict).ToHaveCountAsync(0);
        await DeskPage.ExpectSyncAsync(atB, "synced");
        await Expect(atB.Locator(".name")).ToHaveTextAsync("Barbara H. Liskov");
        await deskB.Page.ReloadAsync();
        await Expect(deskB.VisitById(id).Locator(".note-conflict")).ToHaveCountAsync(0);
        await Expect(deskB.VisitById(id).Locator(".name")).ToHaveTextAsync("Barbara H. Liskov");

        var stored = await App.WithDbAsync(db => db.Visits.SingleAsync(v => v.BranchId == branch.Id));
        Assert.Equal("Barbara H. Liskov", stored.Name);
        Assert.Equal(versionBefore, await FeedVersionAsync(branch));
    }

    [Fact]
    public async Task AVisitorNamedLikeMarkupShowsAsThatTextAndNoScriptRuns()
    {
        var (_, contextA, contextB, deskA, deskB) = await TwoDesksAsync();
        await using var _ = contextA;
        await using var __ = contextB;
        var dialogs = new System.Collections.Concurrent.ConcurrentQueue<string>();
        deskA.Page.Dialog += (_, d) => { dialogs.Enqueue(d.Message); _ = d.DismissAsync(); };
        deskB.Page.Dialog += (_, d) => { dialogs.Enqueue(d.Message); _ = d.DismissAsync(); };
        const string name = "<img src=x onerror=alert(1)>";

        await DeskPage.ExpectSyncAsync(await deskA.RegisterAsync(name, phone: "<b>bold</b>"), "synced");
        await Expect(deskB.Visit(name)).ToHaveCountAsync(1);
        await deskB.Page.ReloadAsync();   // the server-rendered first paint too
        await deskB.WaitReadyAsync();

        foreach (var desk in new[] { deskA, deskB })
        {
            await Expect(desk.Visit(name).Locator(".name")).ToHaveTextAsync(name);
            await Expect(desk.Visit(name).Locator(".phone")).ToHaveTextAsync("<b>bold</b>");
            Assert.Equal(0, await desk.Page.Locator("#desk img, #desk b").CountAsync());
        }

        // A barrier, not a sleep: a probe image of the same address, whose error handler (set by the test)
        // opens a dialog. Once that dialog is seen, the visitor's image would have failed and alerted too.
        foreach (var desk in new[] { deskA, deskB })
        {
            await desk.Page.EvaluateAsync("""
                () => new Promise(done => {
                  const probe = new Image();
                  probe.onerror = () => { alert('probe'); done(); };
                  probe.src = 'x';
                })
                """);
        }

        Assert.Equal(["probe", "probe"], dialogs);
    }
}
