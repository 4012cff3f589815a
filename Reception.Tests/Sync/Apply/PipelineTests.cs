using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Feed;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Apply;

/// <summary>The apply pipeline end to end through Mediator, on each provider (subclasses below).</summary>
public abstract class PipelineTests(ReceptionApp app)
{
    private Task<TestBranch> NewBranchAsync() => TestBranch.CreateAsync(app);

    private Task<long> FeedVersionAsync(TestBranch branch) =>
        app.WithDbAsync(db => db.Branches.Where(b => b.Id == branch.Id).Select(b => b.FeedVersion).SingleAsync());

    [Fact]
    public async Task RegisterIsAppliedAndTheSameActionAgainIsADuplicateWithTheFirstResult()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var register = desk.Register(Guid.NewGuid(), branch.General, "Ada Lovelace");

        var first = await desk.PushOneAsync(register);
        var again = await desk.PushOneAsync(register);

        Assert.Equal(ResultStatus.Applied, first.Status);
        Assert.Equal(200, first.Code);
        Assert.Equal(1, first.Version);
        Assert.Equal("A-001", first.Visit!.Ticket);
        Assert.Equal("waiting", first.Visit.Status);
        Assert.Equal(ResultStatus.Duplicate, again.Status);
        Assert.Equal(200, again.Code);
        Assert.Equal(WireJson.Serialize(first), WireJson.Serialize(again.Original));
        Assert.Equal(1, await FeedVersionAsync(branch));
    }

    [Fact]
    public async Task AnActionWhoseAcknowledgementWasLostIsAnsweredWithItsStoredResultWhenResent()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        var register = desk.Register(visitId, branch.General, "Grace Hopper");
        var call = desk.Call(visitId, branch.Desk1);

        // The first push commits both, but the client never sees the answer (the connection dropped).
        _ = await desk.PushAsync(register, call);
        var resent = await desk.PushAsync(register, call);

        Assert.All(resent, r => Assert.Equal(ResultStatus.Duplicate, r.Status));
        Assert.Equal(ResultStatus.Applied, resent[1].Original!.Status);
        Assert.Equal("called", resent[1].Original!.Visit!.Status);
        Assert.Equal(2, await FeedVersionAsync(branch));
        Assert.Equal(1, await app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));
    }

    [Fact]
    public async Task AResentActionIsAnsweredFromItsStoredResultWithoutWaitingForTheBranchLock()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var register = desk.Register(Guid.NewGuid(), branch.General, "Lin Yutang");
        var first = await desk.PushOneAsync(register);

        // Another desk's apply holds the branch lock (and would for as long as it likes).
        await using var scope = app.Services.CreateAsyncScope();
        var other = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        await using var held = await other.Database.BeginTransactionAsync();
        Assert.NotNull(await other.LockBranchAsync(branch.Id, Guid.NewGuid(), CancellationToken.None));

        // A lost acknowledgement's re-send is settled already: it neither waits for nor takes the lock.
        var again = await desk.PushOneAsync(register).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(ResultStatus.Duplicate, again.Status);
        Assert.Equal(WireJson.Serialize(first), WireJson.Serialize(again.Original));
    }

    [Fact]
    public async Task AnActionThatWaitedForTheBranchLockDecidesOnTheVisitAsItsHolderCommittedIt()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        await desk.PushOneAsync(desk.Register(visitId, branch.General, "Ibn Battuta"));

        // Another apply holds the lock; the call waits for it, then reads the visit (with the lock, in one round trip).
        await using var scope = app.Services.CreateAsyncScope();
        var other = scope.ServiceProvider.GetRequiredService<ReceptionDbContext>();
        var held = await other.Database.BeginTransactionAsync();
        Assert.NotNull(await other.LockBranchAsync(branch.Id, Guid.NewGuid(), CancellationToken.None));
        // On its own thread: SQLite waits for its write lock without yielding.
        var call = Task.Run(() => desk.PushOneAsync(desk.Call(visitId, branch.Desk1)));
        if (app.Provider == Provider.Postgres)
        {
            await WaitForALockWaiterAsync();
        }

        // The holder cancels the visit and commits: the waiting call must see that, not the visit as it was.
        await other.Visits.Where(v => v.Id == visitId)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Status, VisitStatus.Cancelled));
        await held.CommitAsync();
        await held.DisposeAsync();
        var result = await call.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(ResultStatus.Conflict, result.Status);
        Assert.Equal(VisitStatus.Cancelled, await app.WithDbAsync(db => db.Visits.Where(v => v.Id == visitId).Select(v => v.Status).SingleAsync()));
    }

    private async Task WaitForALockWaiterAsync()
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromSeconds(30); waited += TimeSpan.FromMilliseconds(20))
        {
            var waiting = await app.WithDbAsync(db => db.Database
                .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()")
                .SingleAsync());
            if (waiting > 0)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail("The push never waited for the branch lock.");
    }

    [Fact]
    public async Task AReplayedMutationIdWithADifferentPayloadIsRejectedNotAnsweredAsADuplicate()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var first = desk.Register(Guid.NewGuid(), branch.General, "Alan Turing");
        await desk.PushOneAsync(first);

        var impostor = first with { VisitId = Guid.NewGuid() };
        var result = await desk.PushOneAsync(impostor);

        Assert.Equal(ResultStatus.Rejected, result.Status);
        Assert.Equal(422, result.Code);
        Assert.Contains("different action", result.Reason);
        Assert.Equal(1, await app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id)));
    }

    [Fact]
    public async Task AMutationIdThatSkipsAheadIsRefusedWithoutAdvancingAndSaysWhichIdWasExpected()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var lost = desk.Register(Guid.NewGuid(), branch.General, "Lost");
        var ahead = desk.Register(Guid.NewGuid(), branch.General, "Ahead");

        var refused = await desk.PushOneAsync(ahead);
        Assert.Equal(ResultStatus.Rejected, refused.Status);
        Assert.Contains("Expected mutationId 1", refused.Reason);

        // Nothing advanced: the lost action and then the refused one still apply, in order.
        var results = await desk.PushAsync(lost, ahead);
        Assert.All(results, r => Assert.Equal(ResultStatus.Applied, r.Status));
    }

    [Fact]
    public async Task ABadActionIsRejectedWithAReasonAndTheActionsBehindItStillApply()
    {
        var branch = await NewBranchAsync();
        var other = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        var foreignVisit = Guid.NewGuid();
        await new TestClient(app, other).PushOneAsync(new TestClient(app, other).Register(foreignVisit, other.General, "Elsewhere"));

        var results = await desk.PushAsync(
            desk.Next("teleport", visitId),
            desk.Register(visitId, branch.General, ""),
            desk.Register(Guid.NewGuid(), Guid.NewGuid(), "Unknown service"),
            desk.Next(ActionTypes.Complete, Guid.NewGuid()),
            desk.Next(ActionTypes.Complete, foreignVisit),
            desk.Register(visitId, branch.General, "Finally"));

        Assert.Equal(
            [ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Rejected, ResultStatus.Applied],
            results.Select(r => r.Status));
        Assert.Contains("Unknown action type 'teleport'", results[0].Reason);
        Assert.Contains("name is empty", results[1].Reason);
        Assert.Contains("no service", results[2].Reason);
        Assert.Contains("no visit", results[3].Reason);
        Assert.Contains("another branch", results[4].Reason);
        Assert.Equal(1, await FeedVersionAsync(branch));
        var ledger = await app.WithDbAsync(db => db.ClientLedgers.SingleAsync(l => l.ClientId == desk.ClientId));
        Assert.Equal(6, ledger.LastMutationId);
    }

    [Fact]
    public async Task ADuplicateWhoseStoredResultWasPrunedStillAnswersDuplicate()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var register = desk.Register(Guid.NewGuid(), branch.General, "Pruned");
        await desk.PushOneAsync(register);
        await app.WithDbAsync(db => db.MutationRecords.Where(r => r.ClientId == desk.ClientId).ExecuteDeleteAsync());

        var again = await desk.PushOneAsync(register);

        Assert.Equal(ResultStatus.Duplicate, again.Status);
        Assert.Null(again.Original);
        Assert.False(string.IsNullOrEmpty(again.Reason));
    }

    [Fact]
    public async Task AStaleEditConflictsOnItsFieldWhileTheActionsOtherFieldsApply()
    {
        var branch = await NewBranchAsync();
        var deskA = new TestClient(app, branch);
        var deskB = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        var registered = await deskA.PushOneAsync(deskA.Register(visitId, branch.General, "Marie Curie"));
        var seen = registered.Version!.Value;

        var byA = await deskA.PushOneAsync(deskA.Edit(visitId, seen, new { phone = "+44 20 7946 0000" }));
        var byB = await deskB.PushOneAsync(deskB.Edit(visitId, seen, new { phone = "+33 1 23 45 67 89", notes = "wheelchair" }));

        Assert.Equal(ResultStatus.Applied, byA.Status);
        Assert.Equal(ResultStatus.Conflict, byB.Status);
        Assert.Equal(409, byB.Code);
        var conflict = Assert.Single(byB.Conflicts!);
        Assert.Equal("phone", conflict.Field);
        Assert.Equal("+44 20 7946 0000", conflict.ServerValue?.ToString());
        Assert.Equal(byA.Version, conflict.ServerVersion);
        Assert.Equal("wheelchair", byB.Visit!.Notes);
        Assert.Equal("+44 20 7946 0000", byB.Visit.Phone);

        var stored = await app.WithDbAsync(db => db.Visits.SingleAsync(v => v.Id == visitId));
        Assert.Equal(("+44 20 7946 0000", "wheelchair"), (stored.Phone, stored.Notes));
    }

    [Fact]
    public async Task ADisallowedTransitionIsAConflictNamingTheCurrentStatus()
    {
        var branch = await NewBranchAsync();
        var deskA = new TestClient(app, branch);
        var deskB = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        await deskA.PushAsync(deskA.Register(visitId, branch.General, "Rosalind Franklin"), deskA.Call(visitId, branch.Desk1));

        var second = await deskB.PushOneAsync(deskB.Call(visitId, branch.Desk2));
        var sameDeskAgain = await deskA.PushOneAsync(deskA.Call(visitId, branch.Desk1));

        Assert.Equal(ResultStatus.Conflict, second.Status);
        var conflict = Assert.Single(second.Conflicts!);
        Assert.Equal(("status", "called"), (conflict.Field, conflict.ServerValue?.ToString()));
        Assert.Equal(ResultStatus.Applied, sameDeskAgain.Status);
        Assert.Equal(2, await FeedVersionAsync(branch));
    }

    [Fact]
    public async Task VersionsStayGapFreeUnderConcurrentWriters()
    {
        var branch = await NewBranchAsync();
        var desks = Enumerable.Range(0, 4).Select(_ => new TestClient(app, branch)).ToList();

        await Task.WhenAll(desks.Select(async desk =>
        {
            for (var i = 0; i < 15; i++)
            {
                var r = await desk.PushOneAsync(desk.Register(Guid.NewGuid(), i % 2 == 0 ? branch.General : branch.Billing, $"V{i}"));
                Assert.Equal(ResultStatus.Applied, r.Status);
            }
        }));

        var versions = await app.WithDbAsync(db =>
            db.Changes.Where(c => c.BranchId == branch.Id).OrderBy(c => c.Version).Select(c => c.Version).ToListAsync());
        Assert.Equal(Enumerable.Range(1, 60).Select(v => (long)v), versions);
        Assert.Equal(60, await FeedVersionAsync(branch));
        var tickets = await app.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id).Select(v => v.Ticket).ToListAsync());
        Assert.Equal(60, tickets.Distinct().Count());
    }

    [Fact]
    public async Task TwoDesksCallingNextFiftyTimesEachConcurrentlyNeverCallTheSameVisitor()
    {
        var branch = await NewBranchAsync();
        var registrar = new TestClient(app, branch);
        var registrations = Enumerable.Range(0, 90)
            .Select(i => registrar.Register(Guid.NewGuid(), branch.General, $"Visitor {i}")).ToArray();
        Assert.All(await registrar.PushAsync(registrations), r => Assert.Equal(ResultStatus.Applied, r.Status));

        // Fifty calls from each of two desks, all in flight at once (each from a client of its own,
        // so that no client's own ordering serialises them).
        var calls = Enumerable.Range(0, 100).Select(i =>
        {
            var client = new TestClient(app, branch);
            return client.PushOneAsync(client.CallNext(i % 2 == 0 ? branch.Desk1 : branch.Desk2));
        });
        var all = (await Task.WhenAll(calls)).ToList();

        var called = all.Where(r => r.Visit is not null).Select(r => r.Visit!.Id).ToList();
        Assert.Equal(90, called.Count);
        Assert.Equal(90, called.Distinct().Count());
        Assert.Equal(10, all.Count(r => r.Visit is null && r.Status == ResultStatus.Applied));
        Assert.Equal(0, await app.WithDbAsync(db => db.Visits.CountAsync(v => v.BranchId == branch.Id && v.Status == VisitStatus.Waiting)));
    }

    [Fact]
    public async Task PullSinceZeroIsASnapshotAndPullSinceAVersionIsExactlyTheChangesAfterIt()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var visitId = Guid.NewGuid();
        await desk.PushAsync(
            desk.Register(visitId, branch.General, "One"),
            desk.Register(Guid.NewGuid(), branch.Billing, "Two"),
            desk.Call(visitId, branch.Desk1));

        var snapshot = await desk.PullAsync(0);
        var after1 = await desk.PullAsync(1);

        Assert.NotNull(snapshot.Snapshot);
        Assert.Null(snapshot.Changes);
        Assert.Equal(3, snapshot.ToVersion);
        Assert.Equal(2, snapshot.Snapshot!.Visits.Count);
        Assert.Equal(2, snapshot.Snapshot.Services.Count);
        Assert.Equal(3, snapshot.Snapshot.Desks.Count);
        Assert.Contains(snapshot.Notifications, n => n.Kind == "called" && n.Ticket == "A-001" && n.DeskName == "Desk 1");
        Assert.Equal([2L, 3L], after1.Changes!.Select(c => c.Version));
        Assert.Equal((1L, 3L), (after1.FromVersion!.Value, after1.ToVersion));
        Assert.Equal(desk.ClientId, after1.Changes![1].ClientId);
        Assert.Equal(3, after1.Changes[1].MutationId);
        Assert.Equal("called", after1.Changes[1].Visit.Status);
    }

    [Fact]
    public async Task CommittedChangesArePublishedOncePerCommitAndNeverForActionsThatDidNotApply()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var seen = new List<ChangesCommitted>();
        var feed = (LiveFeed)app.Services.GetService(typeof(LiveFeed))!;
        using var _ = feed.Subscribe((c, _) =>
        {
            if (c.BranchId == branch.Id)
            {
                lock (seen) seen.Add(c);
            }

            return ValueTask.CompletedTask;
        });
        var visitId = Guid.NewGuid();
        var register = desk.Register(visitId, branch.General, "Published");

        // A push of several actions is one commit, so one message; the illegal "complete" is no change.
        await desk.PushAsync(register, desk.Next(ActionTypes.Complete, visitId), desk.Call(visitId, branch.Desk1));
        await desk.PushAsync(register);
        await desk.PushAsync(desk.Register(Guid.NewGuid(), branch.General, "Alone"));
        await app.Services.GetRequiredService<CommitAnnouncer>().AnnouncedAsync(); // the pushes do not wait for it

        Assert.Equal([(1L, 2L), (3L, 3L)], seen.Select(c => (c.FromVersion, c.ToVersion)));
        Assert.Equal([1L, 2L], seen[0].Items.Select(c => c.Version));
        Assert.All(seen[0].Items, c => Assert.Equal(desk.ClientId, c.ClientId));
        Assert.Equal("called", seen[0].Items[1].Visit.Status);
        Assert.Equal("A-001 to Desk 1", seen[0].Notifications.Single().Message);
        Assert.Equal("Alone", seen[1].Items.Single().Visit.Name);
    }

    [Fact]
    public async Task AnOfflineArrivalTimeIsClampedBetweenTheClientsLastContactAndNow()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var before = DateTime.UtcNow;
        var first = await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, "First contact"));
        var lastContact = first.Visit!.UpdatedAt;

        var past = await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, "Clock behind",
            new { arrivedAt = DateTime.UtcNow.AddDays(-3) }));
        var future = await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, "Clock ahead",
            new { arrivedAt = DateTime.UtcNow.AddHours(5) }));

        Assert.True(first.Visit.ArrivedAt >= before.AddSeconds(-1));
        Assert.Equal(lastContact, past.Visit!.ArrivedAt);
        Assert.True(future.Visit!.ArrivedAt <= DateTime.UtcNow);
        Assert.True(future.Visit.ArrivedAt >= past.Visit.ArrivedAt);
    }

    [Fact]
    public async Task AnOfflineRegistrationKeepsItsLeasedTicketAndAnythingElseGetsAFreshOne()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var other = new TestClient(app, branch);
        var lease = await app.SendAsync(new Reception.Sync.Apply.LeaseTickets(branch.Slug, desk.ClientId, branch.General, 3, desk.Caller));
        Assert.Equal((501, 503, "A"), (lease.Value!.First, lease.Value.Last, lease.Value.Prefix));

        var leased = await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, "Leased", new { ticket = 502 }));
        var reused = await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, "Same number again", new { ticket = 502 }));
        var notMine = await other.PushOneAsync(other.Register(Guid.NewGuid(), branch.General, "Someone else's lease", new { ticket = 503 }));
        var online = await other.PushOneAsync(other.Register(Guid.NewGuid(), branch.General, "Online"));

        // Leased numbers are a range of their own: the fresh ones count 001, 002, 003 all the same.
        Assert.Equal("A-502", leased.Visit!.Ticket);
        Assert.Equal("A-001", reused.Visit!.Ticket);
        Assert.Equal("A-002", notMine.Visit!.Ticket);
        Assert.Equal("A-003", online.Visit!.Ticket);
    }

    [Fact]
    public async Task APushAppliedTogetherGivesTheResultsAndStateOfTheSameActionsOneAtATime()
    {
        // The same script on two branches: pushed whole (one transaction, one unit of work) and one by one.
        var together = await RunScriptAsync(oneAtATime: false);
        var alone = await RunScriptAsync(oneAtATime: true);

        Assert.Equal(alone.Results, together.Results);
        Assert.Equal(alone.Visits, together.Visits);
        Assert.Equal(alone.Version, together.Version);
        Assert.Equal(1, together.Commits); // it really went through as one commit
        Assert.Equal(alone.Version, alone.Commits); // one by one, each change is a commit of its own
        Assert.Equal(["applied A-001 serving Bob v6 desk2", "applied A-502 called Ada Byron v4 desk1"], together.Visits);
        Assert.StartsWith("4 rejected 422 v     A visit with id ada already exists", together.Results[3]);
        Assert.StartsWith("5 applied 200 v4 A-502 called Ada Byron", together.Results[4]);
        Assert.StartsWith("3 duplicate 200 v    applied", together.Results[10]);
    }

    private sealed record ScriptRun(IReadOnlyList<string> Results, IReadOnlyList<string> Visits, long Version, int Commits);

    private async Task<ScriptRun> RunScriptAsync(bool oneAtATime)
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        await app.SendAsync(new Reception.Sync.Apply.LeaseTickets(branch.Slug, desk.ClientId, branch.General, 3, desk.Caller));
        var (ada, bob) = (Guid.NewGuid(), Guid.NewGuid());
        var script = new[]
        {
            desk.Register(ada, branch.General, "Ada", new { ticket = 502 }),
            desk.Register(bob, branch.General, "Bob", new { ticket = 502 }), // the leased number is taken: a fresh one
            desk.Edit(ada, 1, new { name = "Ada Byron" }),
            desk.Register(ada, branch.General, "Ada again"), // the id is taken, if only by this push
            desk.CallNext(branch.Desk1), // must see both registrations: Ada came first
            desk.Next(ActionTypes.Complete, ada), // called, not serving yet: a conflict
            desk.Next(ActionTypes.StartService, bob, new { deskId = branch.Desk2 }), // waiting: a conflict too
            desk.Call(bob, branch.Desk2),
            desk.Next(ActionTypes.StartService, bob, new { deskId = branch.Desk2 }),
            desk.CallNext(branch.Desk1), // nobody left waiting
        };
        var actions = script.Append(script[2]).ToArray(); // and a re-send of the edit, inside the push

        var commits = 0;
        var feed = (LiveFeed)app.Services.GetService(typeof(LiveFeed))!;
        using (feed.Subscribe((c, _) =>
               {
                   if (c.BranchId == branch.Id) Interlocked.Increment(ref commits);
                   return ValueTask.CompletedTask;
               }))
        {
            var results = new List<ActionResult>();
            if (oneAtATime)
            {
                foreach (var action in actions) results.Add(await desk.PushOneAsync(action));
            }
            else
            {
                results.AddRange(await desk.PushAsync(actions));
            }

            await app.Services.GetRequiredService<CommitAnnouncer>().AnnouncedAsync(); // the pushes do not wait for it

            string Plain(string? text) =>
                (text ?? "").Replace(ada.ToString(), "ada").Replace(bob.ToString(), "bob").Replace(branch.Slug, "branch");
            var visits = await app.WithDbAsync(db => db.Visits.Where(v => v.BranchId == branch.Id).OrderBy(v => v.Ticket)
                .Select(v => new { v.Ticket, v.Status, v.Name, v.Version, v.DeskId }).ToListAsync());
            return new ScriptRun(
                results.Select(r => Plain($"{r.MutationId} {r.Status} {r.Code} v{r.Version} {r.Visit?.Ticket} {r.Visit?.Status} " +
                                          $"{r.Visit?.Name} {r.Original?.Status} {r.Reason} {string.Join(",", r.Conflicts?.Select(c => c.Field) ?? [])}"))
                    .ToList(),
                visits.Select(v => $"applied {v.Ticket} {v.Status.ToString().ToLowerInvariant()} {v.Name} v{v.Version}" +
                                   (v.DeskId == branch.Desk1 ? " desk1" : v.DeskId == branch.Desk2 ? " desk2" : "")).ToList(),
                await FeedVersionAsync(branch), commits);
        }
    }

    [Fact]
    public async Task APushIsAnsweredWhileAnotherDevicesDeliveryIsStuckAndItsChangesArriveInOrderOnceItMovesOn()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);
        var stuck = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<long>();
        var feed = app.Services.GetRequiredService<LiveFeed>();
        using var _ = feed.Subscribe(async (c, _) =>
        {
            if (c.BranchId != branch.Id) return;
            await stuck.Task; // a subscriber that cannot take anything in (a screen on a dead network)
            lock (seen) seen.Add(c.ToVersion);
        });

        // Five pushes, each answered with its commit while the subscriber has taken in none of them.
        for (var i = 1; i <= 5; i++)
        {
            var result = await desk.PushOneAsync(desk.Register(Guid.NewGuid(), branch.General, $"Visitor {i}"));
            Assert.Equal((ResultStatus.Applied, (long?)i), (result.Status, result.Version));
        }

        lock (seen) Assert.Empty(seen);
        stuck.SetResult();
        await app.Services.GetRequiredService<CommitAnnouncer>().AnnouncedAsync();
        Assert.Equal([1L, 2L, 3L, 4L, 5L], seen);
    }

    [Fact]
    public async Task TicketsAreNumberedPerServiceAndDay()
    {
        var branch = await NewBranchAsync();
        var desk = new TestClient(app, branch);

        var results = await desk.PushAsync(
            desk.Register(Guid.NewGuid(), branch.General, "a"),
            desk.Register(Guid.NewGuid(), branch.General, "b"),
            desk.Register(Guid.NewGuid(), branch.Billing, "c"));

        Assert.Equal(["A-001", "A-002", "B-001"], results.Select(r => r.Visit!.Ticket));
    }
}

public sealed class SqlitePipelineTests(SqliteAppFixture fixture) : PipelineTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresPipelineTests(PostgresAppFixture fixture) : PipelineTests(fixture.App), IClassFixture<PostgresAppFixture>;
