using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>Actions the server deferred (its database failing transiently): the desk waits for their final result.</summary>
public sealed partial class OfflineDeskTests
{
    [Fact]
    public async Task AnActionTheServerDefersShowsRetryingUntilTheBackgroundRetryAppliesIt()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));

        await RegisterWhileTheDatabaseFailsAsync(desk, "Kept by the server", async visit =>
        {
            await Expect(visit.Locator(".sync")).ToHaveAttributeAsync("title", new Regex("nothing to do here"));
            await Expect(desk.Badge).ToContainTextAsync("nothing to send · 1 retrying on the server");
            await desk.ScreenshotAsync("desk-retrying");
        });

        // The background retry, run now rather than on its backoff schedule (seconds apart by then). The
        // desk does not ask: the retry's broadcast settles its deferred action.
        await App.SendAsync(new DrainInbox(branch.Id, await DeferringClientAsync(branch)));
        await DeskPage.ExpectSyncAsync(desk.Visit("Kept by the server"), "synced");
        await Expect(desk.Badge).ToContainTextAsync("nothing to send");
        Assert.Equal(1, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));
    }

    [Fact]
    public async Task WhenTheServerGivesUpOnADeferredActionTheDeskAsksForItsResultAndShowsTheRefusal()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));

        await RegisterWhileTheDatabaseFailsAsync(desk, "Never stored", async _ =>
        {
            // The background retries, run to the end at once: the last attempt gives up and tells the desks.
            var clientId = await DeferringClientAsync(branch);
            for (var attempt = 0; attempt < DrainInboxHandler.MaxAttempts; attempt++)
            {
                try
                {
                    await App.SendAsync(new DrainInbox(branch.Id, clientId));
                }
                catch (Exception e) when (Reception.Data.TransientFailures.IsTransient(e))
                {
                    // a failed attempt, as the job would see it
                }
            }
        });

        // The desk was told that an action failed, asked again for its deferred one, and got the refusal.
        var attention = desk.Page.Locator("#attention");
        await Expect(attention).ToContainTextAsync("Never stored");
        // The job's own retries run beside the test's drains: it gives up at the 6th attempt or a later one.
        await Expect(attention).ToContainTextAsync(new Regex(@"could not be applied after [678] attempts \(the database kept failing: database is locked \(injected\)\)"));
        await Expect(desk.Page.Locator("#announcements")).ToContainTextAsync(new Regex(@"could not register Never stored: the database kept failing \([678] attempts\)"));
        await Expect(desk.Visit("Never stored")).ToHaveCountAsync(0);
        await Expect(desk.Badge).ToContainTextAsync("nothing to send");
        await desk.ScreenshotAsync("desk-given-up");
        Assert.Equal(0, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));
    }

    /// <summary>
    /// Registers <paramref name="name"/> while every change-feed write fails, so the server defers it;
    /// runs <paramref name="meanwhile"/> on the visit shown "retrying", and lets the database work again.
    /// </summary>
    private async Task RegisterWhileTheDatabaseFailsAsync(DeskPage desk, string name, Func<ILocator, Task> meanwhile)
    {
        await desk.WaitOnlineAsync();
        browser.Faults.FailNext(1000);
        try
        {
            var visit = await desk.RegisterAsync(name);
            await DeskPage.ExpectSyncAsync(visit, "retrying");
            await meanwhile(visit);
        }
        finally
        {
            browser.Faults.FailNext(0);
        }
    }

    private Task<Guid> DeferringClientAsync(TestBranch branch) =>
        App.WithDbAsync(db => db.Inbox.Where(i => i.BranchId == branch.Id).Select(i => i.ClientId).SingleAsync());
}
