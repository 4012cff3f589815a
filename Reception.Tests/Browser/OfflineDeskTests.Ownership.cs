using Microsoft.EntityFrameworkCore;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Browser;

/// <summary>A profile whose clientId turns out to be someone else's starts a new one instead of retrying for ever.</summary>
public sealed partial class OfflineDeskTests
{
    [Fact]
    public async Task ADeskWhoseClientIdBelongsToAnotherLoginStartsANewOneAndItsVisitorIsApplied()
    {
        var branch = await TestBranch.CreateAsync(App);
        await using var context = await browser.NewContextAsync();
        var login = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1);
        var desk = await DeskPage.SignInAsync(context, login);
        await desk.WaitOnlineAsync();

        // Another login already used this id (as if the profile's copy were someone else's).
        var taken = Guid.NewGuid();
        await App.WithDbAsync(db =>
        {
            db.ClientOwners.Add(new ClientOwner { ClientId = taken, Owner = "someone-else", FirstSeenAt = DateTime.UtcNow });
            return db.SaveChangesAsync();
        });
        await desk.Page.EvaluateAsync("""
            async taken => {
              const { cache } = await import('/js/db.js');
              const db = await cache();
              for (const record of await db.getAll('metadata')) {
                if (record.key.startsWith('client:')) await db.put('metadata', { ...record, clientId: taken });
              }
            }
            """, taken.ToString());

        var ada = await desk.RegisterAsync("Ada Lovelace");

        await DeskPage.ExpectSyncAsync(ada, "synced");
        var change = await App.WithDbAsync(db => db.Changes.AsNoTracking().SingleAsync(c => c.BranchId == branch.Id));
        Assert.NotEqual(taken, change.ClientId);
        Assert.Equal(1L, change.MutationId);
        Assert.Equal(1, await App.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id && v.Name == "Ada Lovelace")));
    }
}
