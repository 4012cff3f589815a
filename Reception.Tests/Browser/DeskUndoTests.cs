using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>
/// Cancel and No-show wait a few seconds in the outbox with an Undo button; undone, the server never
/// sees them. Barriers, not sleeps: a later action reaching the server shows the outbox drained past
/// where the undone one stood.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DeskUndoTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    private static ILocator UndoBar(DeskPage desk) => desk.Page.Locator("#undo-bar");

    private Task<int> ChangesOfAsync(string visitId) =>
        App.WithDbAsync(db => db.Changes.CountAsync(c => c.VisitId == Guid.Parse(visitId)));

    private Task<VisitStatus> StatusOfAsync(string visitId) =>
        App.WithDbAsync(db => db.Visits.Where(v => v.Id == Guid.Parse(visitId)).Select(v => v.Status).SingleAsync());

    /// <summary>A registered visitor, synced; Who is "{ticket} {name}" as the buttons name them.</summary>
    private async Task<(DeskPage Desk, string Id, ILocator Visit, string Who)> RegisteredAsync(IBrowserContext context, TestBranch branch,
        bool offline = false)
    {
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        if (offline) await desk.WaitReadyForOfflineAsync();
        else await desk.WaitOnlineAsync();
        var visit = await desk.RegisterAsync("Ada Lovelace");
        await DeskPage.ExpectSyncAsync(visit, "synced");
        return (desk, (await visit.GetAttributeAsync("data-visit-id"))!, visit, await WhoAsync(visit));
    }

    // The ticket a registration gets depends on whether the desk's lease arrived first: read it.
    internal static async Task<string> WhoAsync(ILocator visit) =>
        $"{await visit.Locator(".ticket").InnerTextAsync()} {await visit.Locator(".name").InnerTextAsync()}";

    /// <summary>A later registration synced: everything before it in the outbox was sent, or was never there.</summary>
    private static async Task BarrierAsync(DeskPage desk, string name) =>
        await DeskPage.ExpectSyncAsync(await desk.RegisterAsync(name), "synced");

    [Fact]
    public async Task NoShowThenUndoPutsTheVisitorBackAndTheServerNeverReceivesIt()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var (desk, id, visit, who) = await RegisteredAsync(context, branch);

        await visit.GetByRole(AriaRole.Button, new() { Name = $"No-show {who}" }).ClickAsync();
        await Expect(visit).ToHaveCountAsync(0);
        var bar = UndoBar(desk);
        await Expect(bar).ToContainTextAsync($"{who} marked as a no-show.");
        await Expect(bar).ToContainTextAsync("Sends in");
        await DeskShots.TakeAsync(desk.Page, "undo-bar");
        Assert.Empty(await Board.BoardPages.SeriousAccessibilityViolationsAsync(desk.Page));
        await bar.GetByRole(AriaRole.Button, new() { Name = $"Undo: {who} marked as a no-show" }).ClickAsync();

        await Expect(desk.VisitById(id).Locator(".status")).ToContainTextAsync("Waiting");
        await Expect(bar).ToBeHiddenAsync();
        await BarrierAsync(desk, "Grace Hopper");
        Assert.Equal(VisitStatus.Waiting, await StatusOfAsync(id));
        Assert.Equal(1, await ChangesOfAsync(id));   // its registration only
    }

    [Fact]
    public async Task ACancelNotUndoneIsSentWhenTheHoldEndsAndAppliedOnce()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var (desk, id, visit, who) = await RegisteredAsync(context, branch);

        await visit.GetByRole(AriaRole.Button, new() { Name = $"Cancel visit {who}" }).ClickAsync();
        await Expect(visit).ToHaveCountAsync(0);
        await Expect(UndoBar(desk)).ToContainTextAsync($"{who} cancelled.");

        // What the server holds, not a sleep: the bar goes when the hold ends, and the cancel arrives.
        await Expect(UndoBar(desk)).ToBeHiddenAsync();
        await BarrierAsync(desk, "Grace Hopper");
        Assert.Equal(VisitStatus.Cancelled, await StatusOfAsync(id));
        Assert.Equal(2, await ChangesOfAsync(id));   // registered, cancelled: once
    }

    [Fact]
    public async Task CallNextAfterANoShowDoesNotWaitForTheUndoHold()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var (desk, id, visit, who) = await RegisteredAsync(context, branch);
        var grace = await desk.RegisterAsync("Grace Hopper");
        await DeskPage.ExpectSyncAsync(grace, "synced");

        await visit.GetByRole(AriaRole.Button, new() { Name = $"No-show {who}" }).ClickAsync();
        await Expect(UndoBar(desk)).ToContainTextAsync($"{who} marked as a no-show.");
        await desk.CallNext.ClickAsync();

        // The desk moved on: the no-show is sent with the call, and is no longer offered for undo.
        await Expect(UndoBar(desk)).ToBeHiddenAsync();
        await Expect(grace.Locator(".status")).ToHaveTextAsync("Called to this desk");
        await DeskPage.ExpectSyncAsync(grace, "synced");
        Assert.Equal(VisitStatus.NoShow, await StatusOfAsync(id));
    }

    [Fact]
    public async Task OfflineANoShowCanBeUndoneAfterItsHoldUntilItIsSentAndNothingIsSentAfterReconnecting()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var (desk, id, visit, who) = await RegisteredAsync(context, branch, offline: true);

        await context.SetOfflineAsync(true);
        await Expect(desk.Badge).ToContainTextAsync("Offline");
        await visit.GetByRole(AriaRole.Button, new() { Name = $"No-show {who}" }).ClickAsync();
        var bar = UndoBar(desk);
        // The hold is over, yet nothing could be sent: still undoable.
        await Expect(bar).ToContainTextAsync("Not sent yet (offline)");
        await bar.GetByRole(AriaRole.Button, new() { Name = $"Undo: {who} marked as a no-show" }).ClickAsync();
        await Expect(desk.VisitById(id).Locator(".status")).ToContainTextAsync("Waiting");

        await context.SetOfflineAsync(false);
        await desk.WaitOnlineAsync();
        await BarrierAsync(desk, "Grace Hopper");
        Assert.Equal(VisitStatus.Waiting, await StatusOfAsync(id));
        Assert.Equal(1, await ChangesOfAsync(id));
    }
}
