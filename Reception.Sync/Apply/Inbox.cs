using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Telemetry;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>Runs the background retry of a client's deferred actions (Hangfire in the host).</summary>
public interface IInboxScheduler
{
    void Schedule(Guid branchId, Guid clientId);
}

/// <summary>
/// Where an action goes when applying it failed transiently. Invariants:
/// - a deferred action is stored in the same database before "deferred" is answered;
/// - a client's later actions queue behind its deferred one, so its order is never broken;
/// - the retry goes through the same exactly-once pipeline, so running it twice is harmless.
/// </summary>
public sealed class Inbox(ReceptionDbContext db, IInboxScheduler scheduler, TimeProvider clock, ReceptionTelemetry telemetry)
{
    public async Task<ActionResult> DeferAsync(BranchRef branch, Caller caller, SyncAction action, string why,
        CancellationToken cancellationToken)
    {
        var result = await StoreAsync(branch, caller, action, why, cancellationToken);
        telemetry.Answered(action.Type, result.Status);
        return result;
    }

    private async Task<ActionResult> StoreAsync(BranchRef branch, Caller caller, SyncAction action, string why,
        CancellationToken cancellationToken)
    {
        var hash = WireJson.PayloadHash(action);
        var stored = await StoredHashAsync(branch.Id, action, cancellationToken);
        if (stored is null)
        {
            db.Inbox.Add(new InboxItem
            {
                BranchId = branch.Id,
                ClientId = action.ClientId,
                MutationId = action.MutationId,
                Action = WireJson.Serialize(action),
                Caller = WireJson.Serialize(caller),
                Status = InboxStatus.Pending,
                LastError = why.Length > 2000 ? why[..2000] : why,
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                stored = hash;
            }
            catch (DbUpdateException)
            {
                // The same id arrived twice at once and the other request stored it: compared below.
                // Otherwise the save itself failed, and the sender is told so (it keeps the action).
                stored = await StoredHashAsync(branch.Id, action, cancellationToken);
                if (stored is null)
                {
                    throw;
                }
            }
        }

        if (stored != hash)
        {
            // The live path refuses a re-used id with another payload; so does the inbox, or the
            // sender would be told "deferred" for an action that is never applied.
            return ActionResult.Rejected(action.MutationId, Reason.Of(ReasonCodes.MutationIdPending, ("got", action.MutationId)));
        }

        scheduler.Schedule(branch.Id, action.ClientId);
        return new ActionResult { MutationId = action.MutationId, Status = ResultStatus.Deferred, Code = 202 }
            .Because(Reason.Of(ReasonCodes.Deferred));
    }

    /// <summary>The payload hash of the inbox row already stored for this client and mutation id, if any.</summary>
    private async Task<string?> StoredHashAsync(Guid branchId, SyncAction action, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var json = await db.Inbox.AsNoTracking()
            .Where(i => i.BranchId == branchId && i.ClientId == action.ClientId && i.MutationId == action.MutationId)
            .Select(i => i.Action)
            .SingleOrDefaultAsync(cancellationToken);
        return json is null ? null : WireJson.PayloadHash(WireJson.Deserialize<SyncAction>(json));
    }
}
