using System.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Reception.Data;
using Reception.Sync.Access;
using Reception.Sync.Feed;
using Reception.Sync.Telemetry;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>
/// Applies actions exactly once. It owns the transaction and the batch; the parts each own one step:
/// lock the branch and hold its state (<see cref="BranchUnitOfWork"/>) → ledger check, a replay
/// answering its stored result (<see cref="Ledger"/>) → decide: loads and the pure merge
/// (<see cref="ActionDecider"/>) → write visit, change and announcement (<see cref="ChangeWriter"/>)
/// and the ledger → commit → announce (<see cref="CommitAnnouncer"/>, not awaited). Invariants:
/// - nothing is visible or announced before the commit; a failure rolls everything back;
/// - the feed version moves only when a visit changed, by one, under the branch lock.
/// Telemetry (<see cref="ReceptionTelemetry"/>): every answer it gives is counted once, here; a
/// transaction is the span <c>reception.apply</c> (its save and commit <c>reception.commit</c>),
/// ended before the publish, so the broadcast is its sibling under the push.
/// </summary>
public sealed class ActionApplier(
    ReceptionDbContext db, Ledger ledger, ActionDecider decider, ChangeWriter writer, TimeProvider clock, CommitAnnouncer announcer,
    BranchGates gates, ReceptionTelemetry telemetry, ILogger<ActionApplier> logger)
{
    /// <summary>Applies one action in its own transaction.</summary>
    public async ValueTask<ApplyOutcome> ApplyAsync(BranchRef branch, Caller caller, SyncAction action, ApplyOptions options,
        CancellationToken cancellationToken)
    {
        if (Ledger.Unnumbered(action) is { } unnumbered)
        {
            return Answered(action, unnumbered);
        }

        db.ChangeTracker.Clear();
        if (ledger.Settled(branch, action) is { } settled)
        {
            return Answered(action, await ledger.ReplayAsync(branch, action, WireJson.PayloadHash(action), settled, cancellationToken));
        }

        Step step;
        using (var activity = ReceptionTelemetry.Start(ReceptionTelemetry.ApplySpan, branch.Slug))
        {
            using var turn = await gates.EnterAsync(branch.Id, cancellationToken);
            var started = Stopwatch.GetTimestamp();
            await using var tx = await BeginAsync(cancellationToken);
            using var work = new BranchUnitOfWork(db, branch, options.Timing);
            step = await ApplyLockedAsync(work, caller, action, options, cancellationToken);
            if (step.Stored)
            {
                await CommitAsync(work, started, 1, cancellationToken);
            }

            if (step.Outcome is ApplyOutcome.Answered { Result: var result })
            {
                ReceptionTelemetry.Tag(activity, action, result);
                telemetry.Answered(action.Type, result.Status);
            }
        }

        if (step.Stored)
        {
            AfterCommit(branch, [(action, step)]);
        }

        return step.Outcome;
    }

    private ApplyOutcome.Answered Answered(SyncAction action, ActionResult result)
    {
        telemetry.Answered(action.Type, result.Status);
        return new ApplyOutcome.Answered(result);
    }

    /// <summary>
    /// Applies a batch of one push in ONE transaction: each action still goes through the whole
    /// pipeline (ledger check, decision, writes) and gets its own result, version and stored result,
    /// but the batch shares the branch lock, one unit of work and one commit: the lock and each
    /// client's ledger are read once, a visit an earlier action of the batch loaded or registered is
    /// used from memory, the writes go out together, and a durable commit (an fsync) is paid once per
    /// batch. A failure of any action rolls the whole batch back (the caller then applies it one by
    /// one), so no action is ever half-applied.
    /// </summary>
    public async ValueTask<BatchOutcome> ApplyBatchAsync(BranchRef branch, Caller caller, IReadOnlyList<SyncAction> actions,
        ApplyOptions options, CancellationToken cancellationToken)
    {
        if (actions.Count < 2)
        {
            return new BatchOutcome.OneByOne(OneByOneReason.SingleAction);
        }

        if (actions.All(a => ledger.Settled(branch, a) is not null))
        {
            return new BatchOutcome.OneByOne(OneByOneReason.AlreadySettled);
        }

        var results = new List<ActionResult>(actions.Count);
        var stored = new List<(SyncAction Action, Step Step)>();
        db.ChangeTracker.Clear();
        using (var activity = ReceptionTelemetry.Start(ReceptionTelemetry.ApplySpan, branch.Slug))
        using (await gates.EnterAsync(branch.Id, cancellationToken))
        await using (var tx = await BeginAsync(cancellationToken))
        {
            var started = Stopwatch.GetTimestamp();
            using var work = new BranchUnitOfWork(db, branch, options.Timing);
            foreach (var action in actions)
            {
                if (Ledger.Unnumbered(action) is { } unnumbered)
                {
                    results.Add(unnumbered);
                    continue;
                }

                var step = await ApplyLockedAsync(work, caller, action, options, cancellationToken);
                if (step.Outcome is not ApplyOutcome.Answered { Result: var result })
                {
                    return new BatchOutcome.OneByOne(OneByOneReason.BehindInbox); // the transaction rolls back
                }

                results.Add(result);
                if (step.Stored)
                {
                    stored.Add((action, step));
                }
            }

            if (stored.Count > 0)
            {
                await CommitAsync(work, started, stored.Count, cancellationToken);
            }

            ReceptionTelemetry.Tag(activity, actions, results);
        }

        for (var i = 0; i < actions.Count; i++)
        {
            telemetry.Answered(actions[i].Type, results[i].Status);
        }

        AfterCommit(branch, stored);
        return new BatchOutcome.Answered(results);
    }

    /// <summary>
    /// Begins the apply's transaction, without EF's automatic savepoint around each save: a save
    /// that fails rolls the whole transaction back anyway, and on PostgreSQL each savepoint and its
    /// release cost a round trip while the branch lock is held.
    /// </summary>
    private Task<IDbContextTransaction> BeginAsync(CancellationToken cancellationToken)
    {
        db.Database.AutoSavepointsEnabled = false;
        return db.Database.BeginTransactionAsync(cancellationToken);
    }

    /// <summary>Saves the unit of work and commits: the span <c>reception.commit</c>, and the apply's duration.</summary>
    private async Task CommitAsync(BranchUnitOfWork work, long started, int actions,
        CancellationToken cancellationToken)
    {
        using (ReceptionTelemetry.Start(ReceptionTelemetry.CommitSpan))
        {
            await work.CommitAsync(cancellationToken); // the transaction is disposed after: a rollback only if this failed
        }

        telemetry.Committed(started, actions);
    }

    /// <summary>What one action did under the lock: its outcome, whether it wrote anything to commit,
    /// and the change to announce after the commit.</summary>
    private sealed record Step(ApplyOutcome Outcome, bool Stored = false, Written? Written = null)
    {
        public ActionResult Result => ((ApplyOutcome.Answered)Outcome).Result;
    }

    /// <summary>
    /// Everything between the start of the transaction and its commit, which the caller owns: the
    /// branch lock, the ledger check, the decision and the writes (tracked in <paramref name="work"/>).
    /// </summary>
    private async Task<Step> ApplyLockedAsync(BranchUnitOfWork work, Caller caller, SyncAction action, ApplyOptions options,
        CancellationToken cancellationToken)
    {
        var branch = work.Branch;
        var hash = WireJson.PayloadHash(action);
        var (parsed, error) = ActionParser.Parse(action);
        var client = await work.ClientAsync(action.ClientId, ActionDecider.VisitOf(parsed),
            ActionDecider.CounterOf(parsed, branch, clock.GetUtcNow().UtcDateTime), cancellationToken);
        var now = Microseconds(clock.GetUtcNow().UtcDateTime);
        var last = client.LastMutationId ?? 0;

        if (action.MutationId <= last)
        {
            if (client.Committed is { } committed && action.MutationId <= committed)
            {
                ledger.Remember(branch, action.ClientId, committed);
            }

            await work.SaveAsync(cancellationToken); // its stored result may be one of this transaction's
            return new Step(new ApplyOutcome.Answered(await ledger.ReplayAsync(branch, action, hash, last, cancellationToken)));
        }

        if (!options.FromInbox && client.FirstPending is { } first && action.MutationId >= first)
        {
            return new Step(new ApplyOutcome.BehindInbox());
        }

        if (action.MutationId != last + 1)
        {
            return new Step(new ApplyOutcome.Answered(Ledger.SkippedAhead(action, last)));
        }

        var version = work.FeedVersion + 1;
        var decision = options.GiveUpReason is { } giveUp ? Decision.Reject(giveUp)
            : parsed is null ? Decision.Reject(error!)
            : await decider.DecideAsync(work, caller, action.ClientId, parsed, client.LastContactAt, version, now, cancellationToken);
        var result = decision.ToResult(action.MutationId, version, branch.Slug);
        var written = decision.Write is { } write ? writer.Write(work, caller, action, write, version, now) : null;
        ledger.Record(branch, caller, action, client, result, hash, now);
        work.Touched();
        return new Step(new ApplyOutcome.Answered(result), Stored: true, written);
    }

    /// <summary>
    /// After the commit: the actions are settled for good, and their changes go out, in order, as
    /// one message (a batch's versions are consecutive). Built here, after the save, so the
    /// notifications' ids are known.
    /// </summary>
    private void AfterCommit(BranchRef branch, IReadOnlyList<(SyncAction Action, Step Step)> stored)
    {
        var changes = new List<ChangeDto>();
        var notifications = new List<NotificationDto>();
        foreach (var (action, step) in stored)
        {
            ledger.Remember(branch, action.ClientId, action.MutationId);
            ApplyLog.Applied(logger, branch.Slug, action.ClientId, action.MutationId, step.Result.Status, step.Written?.Change.Version);
            if (step.Written is { } written)
            {
                changes.Add(written.Change);
                if (written.Notification is { } n)
                {
                    notifications.Add(n.AsDto());
                }
            }
        }

        if (changes.Count > 0)
        {
            // After the commit, so nothing unapplied is ever announced; the push does not wait for the broadcast.
            announcer.Announce(new ChangesCommitted(branch.Id, branch.Slug, changes[0].Version, changes[^1].Version, changes, notifications));
        }
    }

    // PostgreSQL keeps microseconds: the time answered must equal the time stored.
    private static DateTime Microseconds(DateTime t) => t.AddTicks(-(t.Ticks % 10));
}
