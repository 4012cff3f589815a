using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Reception.Tests.Browser;

// A desk shows its own actions from memory at once, before their write to the outbox completes
// (local.js); the outbox stays the truth. These check that what is shown first is what is kept.
public sealed partial class OfflineDeskTests
{
    [Fact]
    public async Task TwoTabsRegisteringAtOnceShowDistinctTicketsTheSameInBothAndTheServerKeepsThem()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var (leader, follower) = await TwoTabsAsync(context, branch);
        await context.SetOfflineAsync(true);
        await Expect(leader.Badge).ToContainTextAsync("Offline");

        // Each tab takes the next leased number it knows of; the other tab's registration may not have
        // reached it yet, and the stored number, not the one guessed, is what both end up showing.
        string[] names = ["First at tab one", "First at tab two", "Second at tab one", "Second at tab two"];
        for (var i = 0; i < names.Length; i++)
        {
            var desk = i % 2 == 0 ? leader : follower;
            await desk.RegisterForm.GetByLabel("Name", new() { Exact = true }).FillAsync(names[i]);
            await desk.RegisterForm.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        }

        foreach (var desk in new[] { leader, follower })
        {
            await Expect(desk.Badge).ToContainTextAsync("4 to send");
            foreach (var name in names) await Expect(desk.Visit(name).Locator(".ticket")).ToHaveTextAsync(LeasedTicket());
        }

        // A guess that another tab's write overtook is corrected when its own write completes: wait
        // until both tabs agree, then every visitor must have a ticket of its own.
        async Task<string> ShownAsync(DeskPage desk) =>
            string.Join(",", await Task.WhenAll(names.Select(n => desk.Visit(n).Locator(".ticket").InnerTextAsync())));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await ShownAsync(leader) != await ShownAsync(follower) && DateTime.UtcNow < deadline) await Task.Delay(100);
        var shown = (await ShownAsync(leader)).Split(',');
        Assert.Equal(string.Join(",", shown), await ShownAsync(follower));
        Assert.Equal(names.Length, shown.Distinct().Count());
        var tickets = names.Zip(shown).ToDictionary(p => p.First, p => p.Second);

        await context.SetOfflineAsync(false);
        foreach (var name in names) await DeskPage.ExpectSyncAsync(leader.Visit(name), "synced");
        var stored = await App.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id)
            .Select(v => new { v.Name, v.Ticket }).ToListAsync());
        Assert.All(stored, v => Assert.Equal(tickets[v.Name], v.Ticket));
        foreach (var name in names) await Expect(follower.Visit(name).Locator(".ticket")).ToHaveTextAsync(tickets[name]);
    }
}
