using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

/// <summary>An outbox larger than one hub message: sent in batches capped by count and by size.</summary>
public sealed partial class OfflineDeskTests
{
    [Fact]
    public async Task TwentyOfflineRegistrationsWithLongNotesAreAppliedExactlyOnceAndTheOutboxDrains()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));

        // About 43 KB as one push: more than SignalR's default limit of 32 KB.
        var visitors = await LongNotes.RegisterOfflineAsync(context, desk, 20);
        await context.SetOfflineAsync(false);

        await LongNotes.ExpectAppliedOnceAsync(App, branch, desk, visitors);
    }

    [Fact]
    public async Task AnActionTooLargeToSendEvenAloneFailsWithItsSizeAndTheOnesBehindItAreApplied()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var desk = await DeskPage.SignInAsync(context, await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1));
        await desk.WaitReadyForOfflineAsync();

        await context.SetOfflineAsync(true);
        // The form stops at 2,000 characters; an older copy of the page, or a script, might not.
        await desk.RegisterForm.GetByLabel("Notes").EvaluateAsync("notes => notes.removeAttribute('maxlength')");
        await desk.RegisterAsync("Far too long", notes: new string('x', 300_000));
        await desk.RegisterAsync("Behind it", notes: "Comes after the long one.");
        await Expect(desk.Badge).ToContainTextAsync("2 to send");
        await context.SetOfflineAsync(false);

        await DeskPage.ExpectSyncAsync(desk.Visit("Behind it"), "synced");
        var attention = desk.Page.Locator("#attention");
        await Expect(attention).ToContainTextAsync("Could not send \"register\"");
        await Expect(attention).ToContainTextAsync(TooLarge());
        await Expect(desk.Visit("Far too long")).ToHaveCountAsync(0);
        await Expect(desk.Badge).ToContainTextAsync("nothing to send");
        await desk.ScreenshotAsync("desk-too-large");

        // Never sent: the one behind it took its mutation id.
        var (names, records) = await App.WithDbAsync(async db => (
            await db.Visits.Where(v => v.BranchId == branch.Id).Select(v => v.Name).ToListAsync(),
            await db.MutationRecords.Where(r => r.BranchId == branch.Id).Select(r => r.MutationId).ToListAsync()));
        Assert.Equal(["Behind it"], names);
        Assert.Equal([1L], records);
    }

    [GeneratedRegex(@"Far too long: It is too large to send: \d+ KB, and one push holds at most \d+ KB")]
    private static partial Regex TooLarge();
}

/// <summary>Offline registrations whose notes are long (1,900 characters), and the check that all of them arrived.</summary>
internal static class LongNotes
{
    public const int Length = 1_900;

    /// <summary>Registers <paramref name="count"/> visitors offline by typing into the form; answers name → notes.</summary>
    public static async Task<Dictionary<string, string>> RegisterOfflineAsync(IBrowserContext context, DeskPage desk, int count)
    {
        await desk.WaitReadyForOfflineAsync();
        await context.SetOfflineAsync(true);
        await Expect(desk.Badge).ToContainTextAsync("Offline");
        var visitors = new Dictionary<string, string>();
        for (var i = 1; i <= count; i++)
        {
            var name = $"Long notes {i:00}";
            var notes = string.Concat(Enumerable.Repeat($"{name} needs the step-free entrance and forms in large print. ", 40))[..Length];
            visitors[name] = notes;
            await DeskPage.ExpectSyncAsync(await desk.RegisterAsync(name, notes: notes), "pending");
        }

        await Expect(desk.Badge).ToContainTextAsync($"{count} to send");
        return visitors;
    }

    /// <summary>Every visitor stored once with its notes, one change and one mutation record each; the desk shows them synced.</summary>
    public static async Task ExpectAppliedOnceAsync(ReceptionApp app, TestBranch branch, DeskPage desk, Dictionary<string, string> visitors)
    {
        foreach (var name in visitors.Keys)
        {
            await DeskPage.ExpectSyncAsync(desk.Visit(name), "synced");
        }

        await Expect(desk.Badge).ToContainTextAsync("nothing to send");
        var (stored, changes, records) = await app.WithDbAsync(async db => (
            await db.Visits.Where(v => v.BranchId == branch.Id).Select(v => new { v.Name, v.Notes }).ToListAsync(),
            await db.Changes.CountAsync(c => c.BranchId == branch.Id),
            await db.MutationRecords.Where(r => r.BranchId == branch.Id).Select(r => r.MutationId).ToListAsync()));
        Assert.Equal(visitors.Keys.Order(), stored.Select(v => v.Name).Order());
        Assert.All(stored, v => Assert.Equal(visitors[v.Name], v.Notes));
        Assert.Equal(visitors.Count, changes);
        Assert.Equal(Enumerable.Range(1, visitors.Count).Select(i => (long)i), records.Order());
    }
}
