using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Apply;

/// <summary>
/// The apply's save (<c>ReceptionDbContext.SaveTrackedAsync</c>): on PostgreSQL it sends the tracked
/// rows as plain statements of its own instead of EF's update pipeline, so these check that the rows
/// come out as the results say, that every kind of action takes that path, and that what it cannot
/// say exactly (a deletion) still saves through EF, with EF's exceptions on failure.
/// </summary>
public abstract class ApplySaveTests(Provider provider) : IAsyncLifetime
{
    private readonly ApplySavesThroughEf _throughEf = new();
    private ReceptionApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new ReceptionApp(provider, services: s => s.AddSingleton<IInterceptor>(_throughEf));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EveryKindOfActionWritesItsRowsAsItsResultSays()
    {
        var branch = await TestBranch.CreateAsync(_app);
        var desk = new TestClient(_app, branch);
        var (ada, bob) = (Guid.NewGuid(), Guid.NewGuid());

        var registered = await desk.PushOneAsync(desk.Register(ada, branch.General, "Ada", new { phone = "+44 20 7946 0001" }));
        var rest = await desk.PushAsync(
            desk.Register(bob, branch.General, "Bob"),
            desk.Edit(ada, registered.Version!.Value, new { phone = "+44 20 7946 0002" }),
            desk.Call(ada, branch.Desk1),
            desk.Next(ActionTypes.StartService, ada, new { deskId = branch.Desk1 }),
            desk.Next(ActionTypes.Complete, ada),
            desk.CallNext(branch.Desk2));
        List<ActionResult> results = [registered, .. rest];

        Assert.All(results, r => Assert.Equal(ResultStatus.Applied, r.Status));
        await _app.WithDbAsync(async db =>
        {
            var visits = await db.Visits.AsNoTracking().Where(v => v.BranchId == branch.Id).ToDictionaryAsync(v => v.Id);
            Assert.Equal(VisitStatus.Done, visits[ada].Status);
            Assert.Equal("+44 20 7946 0002", visits[ada].Phone);
            Assert.NotNull(visits[ada].CompletedAt);
            Assert.Equal(VisitStatus.Called, visits[bob].Status);
            Assert.Equal(branch.Desk2, visits[bob].DeskId);
            Assert.Equal(VisitChannel.Desk, visits[bob].Channel);

            var feed = await db.Branches.AsNoTracking().Where(b => b.Id == branch.Id).Select(b => b.FeedVersion).SingleAsync();
            Assert.Equal(results.Max(r => r.Version), feed);
            var versions = await db.Changes.AsNoTracking().Where(c => c.BranchId == branch.Id).Select(c => c.Version).ToListAsync();
            Assert.Equal(results.Select(r => r.Version!.Value).Order(), versions.Order());

            var ledger = await db.ClientLedgers.AsNoTracking().SingleAsync(l => l.ClientId == desk.ClientId);
            Assert.Equal(results.Count, ledger.LastMutationId);
            Assert.Equal(results.Count, await db.MutationRecords.CountAsync(r => r.ClientId == desk.ClientId));

            // The announcements' ids are the database's (an identity read back after the insert).
            var called = await db.Notifications.AsNoTracking().Where(n => n.BranchId == branch.Id).OrderBy(n => n.Id).ToListAsync();
            Assert.Equal([ada, bob], called.Select(n => n.VisitId));
            Assert.All(called, n => Assert.True(n.Id > 0));
            var counter = await db.TicketCounters.AsNoTracking().SingleAsync(c => c.ServiceId == branch.General);
            Assert.Equal(2, counter.LastNumber);
            return 0;
        });
        var pulled = await desk.PullAsync(0);
        Assert.Equal(2, pulled.Notifications.Count);

        if (provider == Provider.Postgres)
        {
            Assert.Equal(0, _throughEf.Saves);
        }
        else
        {
            Assert.True(_throughEf.Saves > 0, "SQLite saves through EF: the counter is not listening");
        }
    }

    [Fact]
    public async Task AfterAPushTheRequestsContextLooksForChangesAgainAsItDidBefore()
    {
        // The apply finds changed properties once per save; the rest of the request (a deferral to the
        // inbox, for one) saves with EF's usual detection, so the apply gives it back as it found it.
        var branch = await TestBranch.CreateAsync(_app);
        var desk = new TestClient(_app, branch);
        var (ada, bob) = (Guid.NewGuid(), Guid.NewGuid());
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        var mediator = scope.ServiceProvider.GetRequiredService<IMediator>();

        var one = await mediator.Send(new PushActions(branch.Slug, [desk.Register(ada, branch.General, "Ada")], desk.Caller));
        Assert.Equal(ResultStatus.Applied, one.Value!.Results.Single().Status);
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);

        var batch = await mediator.Send(new PushActions(branch.Slug,
            [desk.Register(bob, branch.General, "Bob"), desk.Call(ada, branch.Desk1)], desk.Caller));
        Assert.All(batch.Value!.Results, r => Assert.Equal(ResultStatus.Applied, r.Status));
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
    }

    [Fact]
    public async Task ADeletionIsSavedThroughEfWithTheRest()
    {
        var branch = await TestBranch.CreateAsync(_app);
        var day = new DateOnly(2026, 1, 5);
        await _app.WithDbAsync(async db =>
        {
            db.TicketCounters.Add(new TicketCounter { ServiceId = branch.General, Day = day, LastNumber = 4 });
            return await db.SaveChangesAsync();
        });

        await _app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.TicketCounters.Remove(await db.TicketCounters.SingleAsync(c => c.ServiceId == branch.General && c.Day == day));
            db.TicketCounters.Add(new TicketCounter { ServiceId = branch.Billing, Day = day, LastNumber = 9 });
            await db.SaveTrackedAsync(null, true, CancellationToken.None);
            return 0;
        });

        var left = await _app.WithDbAsync(db => db.TicketCounters.AsNoTracking().Where(c => c.Day == day)
            .Select(c => new { c.ServiceId, c.LastNumber }).ToListAsync());
        Assert.Equal([new { ServiceId = branch.Billing, LastNumber = 9 }], left);
    }

    [Fact]
    public async Task ARowToUpdateThatIsGoneFailsAsEfWould()
    {
        var branch = await TestBranch.CreateAsync(_app);

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => _app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var ghost = new TicketCounter { ServiceId = branch.General, Day = new DateOnly(2026, 1, 6) };
            db.Entry(ghost).State = EntityState.Unchanged;
            ghost.LastNumber = 3;
            await db.SaveTrackedAsync(null, false, CancellationToken.None);
            return 0;
        }));
    }

    [Fact]
    public async Task ADuplicateKeyFailsAsEfWouldAndNothingIsCommitted()
    {
        var branch = await TestBranch.CreateAsync(_app);
        var day = new DateOnly(2026, 1, 7);
        await _app.WithDbAsync(async db =>
        {
            db.TicketCounters.Add(new TicketCounter { ServiceId = branch.General, Day = day, LastNumber = 1 });
            return await db.SaveChangesAsync();
        });

        await Assert.ThrowsAsync<DbUpdateException>(() => _app.WithDbAsync(async db =>
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.TicketCounters.Add(new TicketCounter { ServiceId = branch.Billing, Day = day, LastNumber = 5 });
            db.TicketCounters.Add(new TicketCounter { ServiceId = branch.General, Day = day, LastNumber = 2 });
            await db.SaveTrackedAsync(null, true, CancellationToken.None);
            return 0;
        }));

        var rows = await _app.WithDbAsync(db => db.TicketCounters.AsNoTracking().Where(c => c.Day == day)
            .Select(c => new { c.ServiceId, c.LastNumber }).ToListAsync());
        Assert.Equal([new { ServiceId = branch.General, LastNumber = 1 }], rows);
    }

    /// <summary>Counts saves through EF's update pipeline that carry an applied action (a stored result).</summary>
    private sealed class ApplySavesThroughEf : SaveChangesInterceptor
    {
        private int _saves;

        public int Saves => _saves;

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (eventData.Context!.ChangeTracker.Entries<MutationRecord>().Any(e => e.State == EntityState.Added))
            {
                Interlocked.Increment(ref _saves);
            }

            return base.SavingChangesAsync(eventData, result, cancellationToken);
        }
    }
}

public sealed class SqliteApplySaveTests() : ApplySaveTests(Provider.Sqlite);

public sealed class PostgresApplySaveTests() : ApplySaveTests(Provider.Postgres);
