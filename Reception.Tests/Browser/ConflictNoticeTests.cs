using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>Conflicts told to people: which desk won, calmly, and the desk whose value was overwritten is told too.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConflictNoticeTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private ReceptionApp App => browser.App;

    [Fact]
    public async Task TheLoserIsToldWhichDeskChangedThePhoneFirstAndTheOverwrittenDeskIsToldWhenItIsReapplied()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var contextA = await browser.NewContextAsync();
        await using var contextB = await browser.NewContextAsync();
        var deskA = await DeskPage.SignInAsync(contextA, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        var deskB = await DeskPage.SignInAsync(contextB, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk2));
        await deskA.WaitOnlineAsync();
        await deskB.WaitOnlineAsync();
        var atA = await deskA.RegisterAsync("Ada Lovelace", phone: "0100");
        var id = (await atA.GetAttributeAsync("data-visit-id"))!;
        var atB = deskB.VisitById(id);
        await DeskPage.ExpectSyncAsync(atB, "synced");
        var who = await DeskUndoTests.WhoAsync(atB);

        await contextA.SetOfflineAsync(true);
        await contextB.SetOfflineAsync(true);
        await DeskPage.EditAsync(atA, phone: "0200");
        await DeskPage.EditAsync(atB, phone: "0300");
        await contextA.SetOfflineAsync(false);
        await DeskPage.ExpectSyncAsync(atA, "synced");
        await contextB.SetOfflineAsync(false);

        // Desk 2 lost: it reads who won, in a calm "needs a choice", not a red failure.
        await DeskPage.ExpectSyncAsync(atB, "needs a choice");
        var conflict = atB.Locator(".note-conflict");
        await Expect(conflict.Locator(".note-title")).ToContainTextAsync("Desk 1 changed the phone first");
        await Expect(conflict.Locator(".server-value")).ToHaveTextAsync("0200");
        await DeskShots.TakeAsync(deskB.Page, "conflict-notice", conflict);

        // Desk 2 keeps its own: Desk 1, whose phone that overwrites, is told.
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Re-apply this desk's phone" }).ClickAsync();
        await DeskPage.ExpectSyncAsync(atB, "synced");
        await Expect(atA.Locator(".phone")).ToHaveTextAsync("0300");
        await Expect(deskA.Page.Locator("#messages")).ToContainTextAsync($"Desk 2 changed the phone of {who} to \"0300\".");
        await DeskShots.TakeAsync(deskA.Page, "overwritten-notice");
    }

    [Fact]
    public async Task TwoDesksCallingOneVisitorOfflineTheSecondIsToldWhichDeskGotThereFirst()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var contextA = await browser.NewContextAsync();
        await using var contextB = await browser.NewContextAsync();
        var deskA = await DeskPage.SignInAsync(contextA, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        var deskB = await DeskPage.SignInAsync(contextB, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk2));
        await deskA.WaitOnlineAsync();
        await deskB.WaitOnlineAsync();
        var atA = await deskA.RegisterAsync("Grace Hopper");
        var id = (await atA.GetAttributeAsync("data-visit-id"))!;
        var atB = deskB.VisitById(id);
        await DeskPage.ExpectSyncAsync(atB, "synced");
        var who = await DeskUndoTests.WhoAsync(atB);

        await contextA.SetOfflineAsync(true);
        await contextB.SetOfflineAsync(true);
        await atA.GetByRole(AriaRole.Button, new() { Name = $"Call {who}" }).ClickAsync();
        await atB.GetByRole(AriaRole.Button, new() { Name = $"Call {who}" }).ClickAsync();
        await contextA.SetOfflineAsync(false);
        await DeskPage.ExpectSyncAsync(atA, "synced");
        await contextB.SetOfflineAsync(false);

        var note = atB.Locator(".note-conflict");
        await Expect(note).ToContainTextAsync("Desk 1 got there first.");
        await Expect(atB.Locator(".status")).ToHaveTextAsync("Called to Desk 1");
    }
}
