using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>
/// An action the server refuses as a whole (it cannot be read) among good ones: the desk narrows the
/// batch down to it by the refusal's code, fails it visibly, and applies every good one exactly once.
/// This path once stopped working silently when the refusal's words changed.
/// </summary>
public sealed partial class OfflineDeskTests
{
    [Fact]
    public async Task AnActionTheServerCannotReadFailsWithItsReasonAndTheGoodOnesAroundItAreAppliedOnce()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        var desk = await DeskPage.SignInAsync(context, login);
        await desk.WaitReadyForOfflineAsync();

        await context.SetOfflineAsync(true);
        await desk.RegisterAsync("Before it");
        // An outbox record no server can read (say, written by a broken older page): its visit id is no id.
        await desk.Page.EvaluateAsync("""
            async owner => {
              const { enqueue } = await import('/js/outbox.js');
              await enqueue(owner, owner.split('/')[0], { type: 'complete', visitId: 'not-a-visit', args: {}, label: 'Broken action' });
            }
            """, $"{branch.Slug}/{login.UserName}");
        await desk.RegisterAsync("After it");
        await Expect(desk.Badge).ToContainTextAsync("3 to send");
        await context.SetOfflineAsync(false);

        await DeskPage.ExpectSyncAsync(desk.Visit("Before it"), "synced");
        await DeskPage.ExpectSyncAsync(desk.Visit("After it"), "synced");
        var attention = desk.Page.Locator("#attention");
        await Expect(attention).ToContainTextAsync("Broken action");
        await Expect(attention).ToContainTextAsync("visitId");
        await Expect(desk.Badge).ToContainTextAsync("nothing to send");
        await desk.ScreenshotAsync("desk-refused-action");

        var (names, records) = await App.WithDbAsync(async db => (
            await db.Visits.Where(v => v.BranchId == branch.Id).Select(v => v.Name).ToListAsync(),
            await db.MutationRecords.Where(r => r.BranchId == branch.Id).OrderBy(r => r.MutationId).Select(r => r.MutationId).ToListAsync()));
        Assert.Equal(["After it", "Before it"], names.Order());
        Assert.Equal([1L, 2L], records);
    }
}
