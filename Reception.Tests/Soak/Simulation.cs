using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Soak;

/// <summary>
/// One seeded run of the soak's checks inside one process: K desks make random actions of every
/// type, go offline and queue, push in batches, lose acknowledgements and re-send, replay old
/// actions, while faults fire at named points of the apply pipeline and the background retries
/// (run by the simulation, sometimes twice at once) drain the inbox. A seed fixes the actions,
/// the faults and their order; only the timing of jobs run twice at once is left to the machine.
/// A non-transient failure of one of two identical requests running at once (a job run twice, a batch
/// re-sent while the first send is still in flight) is a violation: both must be answered (applied or duplicate),
/// even though a job runner or a desk would retry the failed one.
/// </summary>
public sealed class Simulation(ReceptionApp app, SimScheduler scheduler, int seed, int actions, int desks)
{
    private static readonly FaultPoint[] PushPoints =
    [
        FaultPoint.BranchLock, FaultPoint.ChangeInsert, FaultPoint.LedgerWrite, FaultPoint.MutationRecordWrite,
        FaultPoint.Commit, FaultPoint.AfterCommitTransient, FaultPoint.AfterCommitCrash,
    ];

    private readonly Random _random = new(seed);
    private readonly List<string> _violations = [];
    private readonly FaultPlan _plan = new();
    private int _lostAcks;
    private int _replays;
    private int _jobsRunTwice;
    private int _offlinePeriods;
    private int _inFlightResends;

    public async Task<SimVerdict> RunAsync()
    {
        FaultPlan.Current = null; // set-up is never faulted
        var branch = await TestBranch.CreateAsync(app);
        Guid[] deskIds = [branch.Desk1, branch.Desk2, branch.Desk3];
        var all = Enumerable.Range(0, desks)
            .Select(i => new SimDesk(app, branch, i, SimWorkload.NewGuid(_random), deskIds[i % deskIds.Length])).ToList();
        foreach (var desk in all)
        {
            await desk.PullAsync(_violations);
        }

        FaultPlan.Current = _plan;
        var issued = 0;
        for (var step = 0; issued < actions; step++)
        {
            var desk = all[_random.Next(all.Count)];
            var online = !desk.IsOffline(step);
            if (online && _random.Next(25) == 0)
            {
                desk.OfflineUntil = step + _random.Next(10, 80);
                online = false;
                _offlinePeriods++;
            }

            SimWorkload.Next(_random, desk, branch, online);
            issued++;

            if (online && _random.Next(10) < 6)
            {
                await FlushAsync(desk, faults: true);
            }

            if (online && _random.Next(30) == 0)
            {
                await ReplayOldAsync(desk);
            }

            if (online && _random.Next(40) == 0)
            {
                await ResendInFlightAsync(desk);
            }

            if (online && _random.Next(4) == 0)
            {
                await desk.PullAsync(_violations);
            }

            if (_random.Next(8) == 0)
            {
                await RunJobsAsync(branch, faults: true);
            }
        }

        // Quiesce: every desk back online, no more faults, until every action has its final result.
        _plan.Disarm();
        for (var round = 0; round < 100 && (all.Any(d => d.Outbox.Count > 0) || await PendingAsync(branch)); round++)
        {
            foreach (var desk in all)
            {
                desk.OfflineUntil = -1;
                await FlushAsync(desk, faults: false);
            }

            await RunJobsAsync(branch, faults: false, allPending: true);
        }

        foreach (var desk in all)
        {
            await desk.PullAsync(_violations);
        }

        FaultPlan.Current = null;
        var verdict = await SimChecker.CheckAsync(app, branch, all);
        verdict.Violations.InsertRange(0, _violations);
        verdict.Faults = _plan.Injected;
        verdict.Detail = $"lost acks {_lostAcks}, replays {_replays}, jobs run twice {_jobsRunTwice}, in-flight re-sends {_inFlightResends}, offline periods {_offlinePeriods}, faults "
                         + string.Join(" ", _plan.InjectedByPoint.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"));
        return verdict;
    }

    /// <summary>Pushes the desk's outbox in order, in one or more batches, with a fault or a lost answer now and then.</summary>
    private async Task FlushAsync(SimDesk desk, bool faults)
    {
        while (desk.Outbox.Count > 0)
        {
            var size = _random.Next(3) == 0 ? _random.Next(1, desk.Outbox.Count + 1) : desk.Outbox.Count;
            var batch = desk.Outbox.Take(size).Select(i => i.Action).ToList();
            if (faults && _random.Next(6) == 0)
            {
                _plan.Arm(PushPoints[_random.Next(PushPoints.Length)]);
                if (_random.Next(4) == 0)
                {
                    _plan.Arm(FaultPoint.InboxInsert); // even "deferred" cannot be stored: the push fails
                }
            }

            var results = await desk.PushAsync(batch, _violations);
            _plan.Disarm();
            if (results is null)
            {
                return; // nothing answered: the outbox is kept and sent again later
            }

            if (faults && _random.Next(12) == 0)
            {
                _lostAcks++;
                return; // the answer is lost on the way: the desk re-sends the same actions later
            }

            desk.Receive(batch, results, _violations);
            if (batch.Count > 0 && desk.Outbox.Count > 0 && desk.Outbox[0].Action.MutationId <= batch[^1].MutationId)
            {
                return; // deferred ones stay in the outbox; try again on a later step
            }
        }
    }

    /// <summary>Re-sends a few actions that already have a final result: each must answer duplicate with that result.</summary>
    private async Task ReplayOldAsync(SimDesk desk)
    {
        var done = desk.Issued.Values.Where(i => i.Final is not null).ToList();
        if (done.Count == 0) return;
        var batch = Enumerable.Range(0, _random.Next(1, 4)).Select(_ => done[_random.Next(done.Count)].Action)
            .DistinctBy(a => a.MutationId).OrderBy(a => a.MutationId).ToList();
        _replays++;
        var results = await desk.PushAsync(batch, _violations);
        if (results is null) return;
        foreach (var (action, result) in batch.Zip(results))
        {
            if (result.Status != ResultStatus.Duplicate)
            {
                _violations.Add($"desk {desk.Index} mutation {action.MutationId} re-sent after its final result answered {result.Status}, not duplicate");
            }
        }

        desk.Receive(batch, results, _violations);
    }

    /// <summary>
    /// A lost answer noticed early: the desk reconnects (to another instance) and sends the same
    /// batch again while the first send is still being applied. Each action must be applied once,
    /// and both sends answered with its result (or a duplicate of it) or a transient error.
    /// </summary>
    private async Task ResendInFlightAsync(SimDesk desk)
    {
        if (desk.Outbox.Count == 0) return;
        var batch = desk.Outbox.Select(i => i.Action).ToList();
        _inFlightResends++;
        var twins = await Task.WhenAll(TwinAsync(desk, batch), TwinAsync(desk, batch));
        foreach (var results in twins.Where(r => r is not null))
        {
            desk.Receive(batch, results!, _violations);
        }
    }

    private async Task<IReadOnlyList<ActionResult>?> TwinAsync(SimDesk desk, IReadOnlyList<SyncAction> batch)
    {
        await Task.Yield();
        try
        {
            return await desk.PushAsync(batch, _violations, rethrow: true);
        }
        catch (Exception e)
        {
            Twin($"desk {desk.Index}: a batch (mutations {batch[0].MutationId}–{batch[^1].MutationId}) re-sent while in flight failed: {Describe(e)}");
            return null;
        }
    }

    private void Twin(string what)
    {
        lock (_violations)
        {
            _violations.Add(what);
        }
    }

    private static string Describe(Exception e) => $"{e.GetType().Name}: {e.Message} / {e.InnerException?.Message}";

    /// <summary>Runs the due inbox jobs, as Hangfire would; sometimes one job twice at once, sometimes with a fault.</summary>
    private async Task RunJobsAsync(TestBranch branch, bool faults, bool allPending = false)
    {
        var due = scheduler.Take(branch.Id).ToHashSet();
        if (allPending)
        {
            // As InboxRecovery does at start-up: every pending row gets a job again.
            var pending = await app.WithDbAsync(db => db.Inbox.Where(i => i.BranchId == branch.Id && i.Status == InboxStatus.Pending)
                .Select(i => i.ClientId).Distinct().ToListAsync());
            due.UnionWith(pending);
        }

        foreach (var client in due.Order())
        {
            if (faults && _random.Next(5) == 0)
            {
                _plan.Arm(PushPoints[_random.Next(3)]);
            }

            var twice = _random.Next(4) == 0;
            var runs = twice ? new[] { DrainAsync(branch, client), DrainAsync(branch, client) } : [DrainAsync(branch, client)];
            if (twice) _jobsRunTwice++;
            var ok = await Task.WhenAll(runs);
            _plan.Disarm();
            if (!ok.All(x => x))
            {
                scheduler.Schedule(branch.Id, client); // the job runner retries it
            }
        }
    }

    private async Task<bool> DrainAsync(TestBranch branch, Guid client)
    {
        await Task.Yield();
        try
        {
            await app.SendAsync(new DrainInbox(branch.Id, client));
            return true;
        }
        catch (Exception e) when (TransientFailures.IsTransient(e))
        {
            return false;
        }
        catch (Exception e)
        {
            Twin($"a job draining client {client} failed with a non-transient error: {Describe(e)}");
            return false; // the job runner retries any failed job
        }
    }

    private Task<bool> PendingAsync(TestBranch branch) =>
        app.WithDbAsync(db => db.Inbox.AnyAsync(i => i.BranchId == branch.Id && i.Status == InboxStatus.Pending));
}
