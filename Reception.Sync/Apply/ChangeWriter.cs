using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Feed;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>A visit state to store, on the entity it goes into.</summary>
/// <param name="DeskName">The desk's name, for an announcement.</param>
public sealed record VisitWrite(Visit Entity, VisitState State, bool IsNew, Announcement Announce, string? DeskName);

/// <summary>What a write put in the feed: the change to broadcast, and the announcement if there is one.</summary>
public sealed record Written(ChangeDto Change, Notification? Notification);

/// <summary>
/// Writes what a decision changed, under the branch lock: the visit, its change-feed entry at the
/// next version, the "called"/"recalled" announcement, and the feed counter. Tracked only; the
/// orchestrator's save sends it. The change carries the client and mutation, so the desk that sent
/// it can mark its own action synced from the feed alone.
/// </summary>
public sealed class ChangeWriter(ReceptionDbContext db)
{
    public Written Write(BranchUnitOfWork work, Caller caller, SyncAction action, VisitWrite write, long version, DateTime now)
    {
        var branch = work.Branch;
        var entity = write.Entity;
        write.State.CopyTo(entity);
        if (write.IsNew)
        {
            db.Entry(entity).State = EntityState.Added; // this entity alone: no graph to walk
            work.Registered.Add(entity);
        }

        var dto = write.State.AsDto(branch.Slug);
        db.Entry(new Change
        {
            BranchId = branch.Id,
            Version = version,
            VisitId = entity.Id,
            Data = WireJson.Serialize(dto),
            ClientId = action.ClientId,
            MutationId = action.MutationId,
            By = caller.Name,
            DeskId = caller.DeskId,
            At = now,
        }).State = EntityState.Added;

        Notification? notification = null;
        if (write.Announce != Announcement.None)
        {
            notification = new Notification
            {
                BranchId = branch.Id,
                Kind = write.Announce == Announcement.Called ? NotificationKinds.Called : NotificationKinds.Recalled,
                VisitId = entity.Id,
                Ticket = write.State.Ticket,
                DeskId = write.State.DeskId,
                DeskName = write.DeskName,
                Message = $"{write.State.Ticket} to {write.DeskName ?? "the desk"}",
                Version = version,
                At = now,
            };
            db.Entry(notification).State = EntityState.Added;
        }

        work.Advance(version);
        work.Touched();
        return new Written(new ChangeDto(version, dto, action.ClientId, action.MutationId, caller.Name, now, caller.DeskId), notification);
    }
}
