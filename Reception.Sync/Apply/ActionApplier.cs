using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Feed;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>
/// Applies one action exactly once, in one transaction:
/// lock the branch → ledger check (a duplicate answers its stored result) → merge → write visit,
/// change and ledger → commit → publish. Invariants:
/// - the client's mutation id advances by exactly one for every action that gets a stored result,
///   including rejected and conflicting ones, so one bad action never jams an outbox;
/// - an id that skips ahead, or a replayed id with another payload, is refused and stores nothing;
/// - the feed version moves only when a visit changed, by one, under the branch lock.
/// </summary>
public sealed partial class ActionApplier(
    ReceptionDbContext db, BranchCatalog catalog, AppliedMarks marks, TimeProvider clock, IPublisher publisher,
    IOptions<SyncOptions> options, ILogger<ActionApplier> logger)
{
    /// <param name="fromInbox">The inbox's own retry: the action is not queued behind itself.</param>
    /// <param name="giveUp">When set, the action is not merged but answered rejected with this reason, as a
    /// final result that still advances the client's mutation id (a background retry giving up).</param>
    /// <param name="timing">When the action was sent and received, for what may go stale (a callNext).</param>
    /// <returns>The result; or null when an earlier action of this client is still waiting in the
    /// inbox, so this one must queue behind it.</returns>
    public async ValueTask<ActionResult?> ApplyAsync(BranchRef branch, Caller caller, SyncAction action,
        CancellationToken cancellationToken, bool fromInbox = false, string? giveUp = null, PushTiming? timing = null)
    {
        if (Unnumbered(action) is { } unnumbered)
        {
            return unnumbered;
        }

        db.ChangeTracker.Clear();
        if (marks.Settled(branch.Id, action.ClientId, action.MutationId) is { } settled)
        {
            return await ReplayAsync(branch, action, WireJson.PayloadHash(action), settled, cancellationToken);
        }

        await using var tx = await BeginAsync(cancellationToken);
        var held = new Held { Timing = timing };
        var applied = await ApplyLockedAsync(branch, caller, action, held, fromInbox, giveUp, cancellationToken);
        if (applied.Stored)
        {
            await SaveAsync(held, cancellationToken);
            await tx.CommitAsync(cancellationToken);
            await AfterCommitAsync(branch, [(action, applied)], cancellationToken);
        }

        return applied.Result;
    }

    /// <summary>
    /// Applies a batch of one push in ONE transaction: each action still goes through the whole
    /// pipeline (ledger check, merge, writes) and gets its own result, version and stored result,
    /// but the batch shares the branch lock, one unit of work and one commit: the lock and the
    /// client's ledger are read once, a visit an earlier action of the batch loaded or registered is
    /// used from memory, the writes go out together (flushed early only before a query that must see
    /// them: callNext's pick, a re-sent id), and a durable commit (an fsync) is paid once per batch.
    /// Nothing is visible or announced before that commit.
    /// Returns null, having changed nothing, when the batch is better applied one action at a
    /// time: a single action, a batch already settled (a re-send), or a client with an action
    /// waiting in the inbox. A failure of any action rolls the whole batch back (the caller then
    /// applies it one by one), so no action is ever half-applied.
    /// </summary>
    public async ValueTask<IReadOnlyList<ActionResult>?> ApplyBatchAsync(BranchRef branch, Caller caller,
        IReadOnlyList<SyncAction> actions, CancellationToken cancellationToken, PushTiming? timing = null)
    {
        if (actions.Count < 2 || actions.All(a => marks.Settled(branch.Id, a.ClientId, a.MutationId) is not null))
        {
            return null;
        }

        var results = new List<ActionResult>(actions.Count);
        var stored = new List<(SyncAction Action, Applied Applied)>();
        db.ChangeTracker.Clear();
        await using (var tx = await BeginAsync(cancellationToken))
        {
            var held = new Held { Timing = timing };
            foreach (var action in actions)
            {
                if (Unnumbered(action) is { } unnumbered)
                {
                    results.Add(unnumbered);
                    continue;
                }

                var applied = await ApplyLockedAsync(branch, caller, action, held, fromInbox: false, giveUp: null, cancellationToken);
                if (applied.Result is not { } result)
                {
                    return null; // queued behind the inbox: the one-by-one path defers it (the transaction rolls back)
                }

                results.Add(result);
                if (applied.Stored)
                {
                    stored.Add((action, applied));
                }
            }

            if (stored.Count > 0)
            {
                await SaveAsync(held, cancellationToken);
                await tx.CommitAsync(cancellationToken);
            }
        }

        await AfterCommitAsync(branch, stored, cancellationToken);
        return results;
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

    /// <summary>What a locked apply did: its result (null: queue behind the inbox), whether it wrote
    /// anything to commit, and the change to announce after the commit.</summary>
    private sealed record Applied(ActionResult? Result, bool Stored = false, Written? Written = null);

    /// <summary>
    /// What the current transaction holds under the branch lock, carried from action to action: the
    /// feed version and, per client, its ledger as this transaction left it. Only the holder of the
    /// branch lock writes these, so after the first read they are known without asking again.
    /// Writes are tracked, not yet sent, until <see cref="SaveAsync"/>.
    /// </summary>
    private sealed class Held
    {
        public bool Locked;
        public long FeedVersion;
        public Branch? Counter;
        public readonly Dictionary<Guid, ClientHeld> Clients = [];
        public readonly List<Visit> Registered = [];
        public bool Unsaved;

        /// <summary>When the push (or the inbox row) being applied was sent and received.</summary>
        public PushTiming? Timing;
    }

    /// <param name="Committed">The client's last mutation id as read under the lock, before this
    /// transaction wrote anything: the only one that may be remembered as settled.</param>
    private sealed class ClientHeld(long? committed, DateTime? lastContact, long? firstPending)
    {
        public long? Committed { get; } = committed;
        public long? FirstPending { get; } = firstPending;
        public long? LastMutationId { get; set; } = committed;
        public DateTime? LastContactAt { get; set; } = lastContact;
        public ClientLedger? Ledger { get; set; }
    }

    /// <summary>Sends the writes tracked so far (inside the transaction, not committed).</summary>
    private async Task SaveAsync(Held held, CancellationToken cancellationToken)
    {
        if (held.Unsaved)
        {
            await db.SaveChangesAsync(cancellationToken);
            held.Unsaved = false;
        }
    }

    /// <summary>
    /// The client's ledger under the branch lock: read (taking the lock if this transaction does not
    /// hold it yet) the first time the transaction meets the client, then carried in memory.
    /// </summary>
    private async Task<ClientHeld> HoldAsync(BranchRef branch, Guid clientId, Held held, CancellationToken cancellationToken)
    {
        if (held.Clients.TryGetValue(clientId, out var known))
        {
            return known;
        }

        var locked = await db.LockBranchAsync(branch.Id, clientId, cancellationToken)
                     ?? throw new InvalidOperationException($"Branch {branch.Slug} disappeared.");
        if (!held.Locked)
        {
            // Later reads may lag this transaction's own unsaved version; the first one cannot.
            held.FeedVersion = locked.FeedVersion;
            held.Locked = true;
        }

        var lastContact = locked.LastContactAt is { } c ? DateTime.SpecifyKind(c, DateTimeKind.Utc) : (DateTime?)null;
        return held.Clients[clientId] = new ClientHeld(locked.LastMutationId, lastContact, locked.FirstPending);
    }

    /// <summary>An action without a client or a usable mutation id: rejected before anything is read.</summary>
    private static ActionResult? Unnumbered(SyncAction action)
    {
        if (action.ClientId == Guid.Empty)
        {
            return ActionResult.Rejected(action.MutationId,
                "clientId is missing: every action names the browser or device that made it.");
        }

        return action.MutationId <= 0
            ? ActionResult.Rejected(action.MutationId,
                "mutationId must be a whole number from 1 up, one more for each action of the client.")
            : null;
    }

    /// <summary>
    /// Everything between the start of the transaction and its commit, which the caller owns: the
    /// branch lock, the ledger check, the merge and the writes (tracked in <paramref name="held"/>'s
    /// unit of work; the caller saves and commits).
    /// </summary>
    private async Task<Applied> ApplyLockedAsync(BranchRef branch, Caller caller, SyncAction action, Held held,
        bool fromInbox, string? giveUp, CancellationToken cancellationToken)
    {
        var hash = WireJson.PayloadHash(action);
        var (parsed, error) = ActionParser.Parse(action);
        var client = await HoldAsync(branch, action.ClientId, held, cancellationToken);
        var now = Microseconds(clock.GetUtcNow().UtcDateTime);
        var last = client.LastMutationId ?? 0;

        if (action.MutationId <= last)
        {
            if (client.Committed is { } committed && action.MutationId <= committed)
            {
                marks.Note(branch.Id, action.ClientId, committed);
            }

            await SaveAsync(held, cancellationToken); // its stored result may be one of this transaction's
            return new Applied(await ReplayAsync(branch, action, hash, last, cancellationToken));
        }

        if (!fromInbox && client.FirstPending is { } first && action.MutationId >= first)
        {
            return new Applied(null);
        }

        if (action.MutationId != last + 1)
        {
            return new Applied(ActionResult.Rejected(action.MutationId,
                $"Expected mutationId {last + 1} from this client, got {action.MutationId}: actions {last + 1}–{action.MutationId - 1} never arrived. Send them first, in order.")
                with { ExpectedMutationId = last + 1 });
        }

        var version = held.FeedVersion + 1;
        var decision = giveUp is not null ? Decision.Reject(giveUp)
            : parsed is null ? Decision.Reject(error!)
            : await DecideAsync(branch, caller, action.ClientId, parsed, held, client.LastContactAt, version, now, cancellationToken);
        var result = decision.ToResult(action.MutationId, version, branch.Slug);

        Written? written = null;
        if (decision.Write is { } write)
        {
            written = Record(branch, caller, action, write, held, version, now);
        }

        WriteLedger(branch, action, client, now);
        db.MutationRecords.Add(new MutationRecord
        {
            BranchId = branch.Id,
            ClientId = action.ClientId,
            MutationId = action.MutationId,
            PayloadHash = hash,
            Status = result.Status,
            Result = WireJson.Serialize(result),
            At = now,
            Action = result.Status == ResultStatus.Conflict ? WireJson.Serialize(action) : null,
            By = result.Status == ResultStatus.Conflict ? caller.Name : null,
        });
        held.Unsaved = true;
        return new Applied(result, Stored: true, written);
    }

    /// <summary>The client's ledger moves to this action: an update of the known row, or a new one.</summary>
    private void WriteLedger(BranchRef branch, SyncAction action, ClientHeld client, DateTime now)
    {
        client.LastMutationId = action.MutationId;
        client.LastContactAt = now;
        if (client.Ledger is { } tracked)
        {
            tracked.LastMutationId = action.MutationId;
            tracked.LastContactAt = now;
            return;
        }

        var ledger = client.Ledger = new ClientLedger
        {
            BranchId = branch.Id, ClientId = action.ClientId, LastMutationId = action.MutationId, LastContactAt = now,
        };
        if (client.Committed is null)
        {
            db.ClientLedgers.Add(ledger);
        }
        else
        {
            db.ClientLedgers.Attach(ledger);
            db.Entry(ledger).Property(l => l.LastMutationId).IsModified = true;
            db.Entry(ledger).Property(l => l.LastContactAt).IsModified = true;
        }
    }

    /// <summary>
    /// After the commit: the actions are settled for good, and their changes go out, in order, as
    /// one message (a batch's versions are consecutive). Built here, after the save, so the
    /// notifications' ids are known.
    /// </summary>
    private async Task AfterCommitAsync(BranchRef branch, IReadOnlyList<(SyncAction Action, Applied Applied)> stored,
        CancellationToken cancellationToken)
    {
        var changes = new List<ChangeDto>();
        var notifications = new List<NotificationDto>();
        foreach (var (action, applied) in stored)
        {
            marks.Note(branch.Id, action.ClientId, action.MutationId);
            Log.Applied(logger, branch.Slug, action.ClientId, action.MutationId, applied.Result!.Status, applied.Written?.Change.Version);
            if (applied.Written is { } written)
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
            // After the commit, so nothing unapplied is ever announced.
            await PublishAsync(new ChangesCommitted(branch.Id, branch.Slug, changes[0].Version, changes[^1].Version,
                changes, notifications), cancellationToken);
        }
    }

    private async Task<ActionResult> ReplayAsync(BranchRef branch, SyncAction action, string hash, long last,
        CancellationToken cancellationToken)
    {
        var record = await db.MutationRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.BranchId == branch.Id && r.ClientId == action.ClientId
                                       && r.MutationId == action.MutationId, cancellationToken);
        if (record is null)
        {
            // Pruned: still a duplicate, or the client would retry it for ever.
            return new ActionResult
            {
                MutationId = action.MutationId, Status = ResultStatus.Duplicate, Code = 200,
                Reason = "This action was applied earlier; its result is no longer kept.",
            };
        }

        if (record.PayloadHash != hash)
        {
            return ActionResult.Rejected(action.MutationId,
                $"mutationId {action.MutationId} was already used by this client for a different action. Number new actions from {last + 1}.")
                with { ExpectedMutationId = last + 1 };
        }

        Log.Duplicate(logger, branch.Slug, action.ClientId, action.MutationId);
        return new ActionResult
        {
            MutationId = action.MutationId, Status = ResultStatus.Duplicate, Code = 200,
            Original = WireJson.Deserialize<ActionResult>(record.Result),
        };
    }

    private Written Record(BranchRef branch, Caller caller, SyncAction action, Write write, Held held, long version, DateTime now)
    {
        var entity = write.Entity;
        write.State.CopyTo(entity);
        if (write.IsNew)
        {
            db.Visits.Add(entity);
            held.Registered.Add(entity);
        }

        var dto = write.State.AsDto(branch.Slug);
        db.Changes.Add(new Change
        {
            BranchId = branch.Id,
            Version = version,
            VisitId = entity.Id,
            Data = WireJson.Serialize(dto),
            ClientId = action.ClientId,
            MutationId = action.MutationId,
            By = caller.Name,
            At = now,
        });

        Notification? notification = null;
        if (write.Announce != Announcement.None)
        {
            var deskName = write.DeskName;
            notification = new Notification
            {
                BranchId = branch.Id,
                Kind = write.Announce == Announcement.Called ? "called" : "recalled",
                VisitId = entity.Id,
                Ticket = write.State.Ticket,
                DeskId = write.State.DeskId,
                DeskName = deskName,
                Message = $"{write.State.Ticket} to {deskName ?? "the desk"}",
                Version = version,
                At = now,
            };
            db.Notifications.Add(notification);
        }

        // The counter moves in the same batch as the rows it numbers.
        held.FeedVersion = version;
        if (held.Counter is { } counter)
        {
            counter.FeedVersion = version;
        }
        else
        {
            held.Counter = counter = new Branch { Id = branch.Id, Slug = branch.Slug, Name = "", FeedVersion = version };
            db.Branches.Attach(counter);
            db.Entry(counter).Property(b => b.FeedVersion).IsModified = true;
        }

        return new Written(new ChangeDto(version, dto, action.ClientId, action.MutationId, caller.Name, now), notification);
    }

    // PostgreSQL keeps microseconds: the time answered must equal the time stored.
    private static DateTime Microseconds(DateTime t) => t.AddTicks(-(t.Ticks % 10));

    private sealed record Written(ChangeDto Change, Notification? Notification);

    private async Task PublishAsync(ChangesCommitted committed, CancellationToken cancellationToken)
    {
        try
        {
            await publisher.Publish(committed, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The change is committed and in the feed; a desk that missed the broadcast pulls it.
            Log.PublishFailed(logger, e, committed.Branch, committed.ToVersion);
        }
    }
}
