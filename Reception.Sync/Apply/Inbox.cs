using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
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
public sealed class Inbox(ReceptionDbContext db, IInboxScheduler scheduler, TimeProvider clock)
{
    public async Task<ActionResult> DeferAsync(BranchRef branch, Caller caller, SyncAction action, string why,
        CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        if (!await IsKnownAsync(branch.Id, action, cancellationToken))
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
            }
            catch (DbUpdateException)
            {
                // The same action arrived twice at once and the other request stored it: fine.
                if (!await IsKnownAsync(branch.Id, action, cancellationToken))
                {
                    throw;
                }
            }
        }

        scheduler.Schedule(branch.Id, action.ClientId);
        return new ActionResult
        {
            MutationId = action.MutationId,
            Status = ResultStatus.Deferred,
            Code = 202,
            Reason = "Stored, and being applied in the background: the database was briefly busy. The result follows in the change feed.",
        };
    }

    private async Task<bool> IsKnownAsync(Guid branchId, SyncAction action, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        return await db.Inbox.AnyAsync(
            i => i.BranchId == branchId && i.ClientId == action.ClientId && i.MutationId == action.MutationId, cancellationToken);
    }
}
