using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>
/// The client ledger: per branch and client, the last mutation applied, and per action its stored
/// result. Invariants:
/// - a client's mutation id advances by exactly one for every action that gets a stored result,
///   including rejected and conflicting ones, so one bad action never jams an outbox;
/// - an id at or below the last is a replay: answered with its stored result, applied again never;
///   the same id with another payload is refused and stores nothing;
/// - an id that skips ahead is refused, saying which id is expected, and stores nothing.
/// </summary>
public sealed class Ledger(ReceptionDbContext db, AppliedMarks marks, ILogger<Ledger> logger)
{
    /// <summary>An action without a client or a usable mutation id: rejected before anything is read.</summary>
    public static ActionResult? Unnumbered(SyncAction action)
    {
        if (action.ClientId == Guid.Empty)
        {
            return ActionResult.Rejected(action.MutationId, Reason.Of(ReasonCodes.ClientIdMissing));
        }

        return action.MutationId <= 0
            ? ActionResult.Rejected(action.MutationId, Reason.Of(ReasonCodes.MutationIdInvalid))
            : null;
    }

    /// <summary>The client's committed mutation id when this host already knows it covers <paramref name="action"/>.</summary>
    public long? Settled(BranchRef branch, SyncAction action) => marks.Settled(branch.Id, action.ClientId, action.MutationId);

    /// <summary>Remembers a mutation id read or written under the branch lock, so later replays skip the lock.</summary>
    public void Remember(BranchRef branch, Guid clientId, long last) => marks.Note(branch.Id, clientId, last);

    /// <summary>The refusal of an id that skips ahead of the client's last one.</summary>
    public static ActionResult SkippedAhead(SyncAction action, long last) =>
        ActionResult.Rejected(action.MutationId, Reason.Of(ReasonCodes.MutationIdSkipped,
                ("expected", last + 1), ("got", action.MutationId), ("last", action.MutationId - 1)))
        with { ExpectedMutationId = last + 1 };

    /// <summary>The stored result of an action already applied, or the refusal of a reused id.</summary>
    public async Task<ActionResult> ReplayAsync(BranchRef branch, SyncAction action, string hash, long last,
        CancellationToken cancellationToken)
    {
        var record = await db.MutationRecords.AsNoTracking()
            .SingleOrDefaultAsync(r => r.BranchId == branch.Id && r.ClientId == action.ClientId
                                       && r.MutationId == action.MutationId, cancellationToken);
        if (record is null)
        {
            // Pruned: still a duplicate, or the client would retry it for ever.
            return new ActionResult { MutationId = action.MutationId, Status = ResultStatus.Duplicate, Code = 200 }
                .Because(Reason.Of(ReasonCodes.ResultPruned));
        }

        if (record.PayloadHash != hash)
        {
            return ActionResult.Rejected(action.MutationId,
                    Reason.Of(ReasonCodes.MutationIdReused, ("got", action.MutationId), ("expected", last + 1)))
                with { ExpectedMutationId = last + 1 };
        }

        ApplyLog.Duplicate(logger, branch.Slug, action.ClientId, action.MutationId);
        return new ActionResult
        {
            MutationId = action.MutationId, Status = ResultStatus.Duplicate, Code = 200,
            Original = WireJson.Deserialize<ActionResult>(record.Result),
        };
    }

    /// <summary>
    /// Tracks the action's result and moves the client's ledger to it (an update of the known row, or a
    /// new one); sent with the transaction's next save.
    /// </summary>
    public void Record(BranchRef branch, Caller caller, SyncAction action, ClientLedgerState client, ActionResult result,
        string hash, DateTime now)
    {
        client.LastMutationId = action.MutationId;
        client.LastContactAt = now;
        if (client.Row is { } tracked)
        {
            tracked.LastMutationId = action.MutationId;
            tracked.LastContactAt = now;
        }
        else
        {
            var row = client.Row = new ClientLedger
            {
                BranchId = branch.Id, ClientId = action.ClientId, LastMutationId = action.MutationId, LastContactAt = now,
            };
            var entry = db.Entry(row);
            if (client.Committed is null)
            {
                entry.State = EntityState.Added;
            }
            else
            {
                entry.State = EntityState.Unchanged;
                entry.Property(nameof(ClientLedger.LastMutationId)).IsModified = true;
                entry.Property(nameof(ClientLedger.LastContactAt)).IsModified = true;
            }
        }

        var conflict = result.Status == ResultStatus.Conflict;
        db.Entry(new MutationRecord
        {
            BranchId = branch.Id,
            ClientId = action.ClientId,
            MutationId = action.MutationId,
            PayloadHash = hash,
            Status = result.Status,
            Result = WireJson.Serialize(result),
            At = now,
            Action = conflict ? WireJson.Serialize(action) : null,
            By = conflict ? caller.Name : null,
        }).State = EntityState.Added;
    }
}
