using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Feed;
using Reception.Sync.Telemetry;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>Applies a client's deferred actions, in order. Safe to run twice or concurrently.</summary>
public sealed record DrainInbox(Guid BranchId, Guid ClientId) : ICommand<int>;

public sealed class DrainInboxHandler(
    ReceptionDbContext db, ActionApplier applier, IPublisher publisher, TimeProvider clock, ReceptionTelemetry telemetry)
    : ICommandHandler<DrainInbox, int>
{
    /// <summary>
    /// After this many failed attempts an action is given up: it gets a final rejected result (so
    /// the client's later actions are not jammed) and the desks are told.
    /// </summary>
    public const int MaxAttempts = 6;

    public async ValueTask<int> Handle(DrainInbox command, CancellationToken cancellationToken)
    {
        var rows = await db.Inbox.AsNoTracking()
            .Where(i => i.BranchId == command.BranchId && i.ClientId == command.ClientId && i.Status == InboxStatus.Pending)
            .OrderBy(i => i.MutationId).ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return 0;
        }

        var branch = await db.Branches.AsNoTracking().Where(b => b.Id == command.BranchId)
            .Select(b => new BranchRef(b.Id, b.Slug, b.TimeZoneId)).SingleAsync(cancellationToken);
        // Its own trace: the push that deferred these actions has long been answered.
        using var activity = ReceptionTelemetry.Start(ReceptionTelemetry.RetrySpan, branch.Slug);
        activity?.SetTag(ReceptionTelemetry.ActionsAttribute, rows.Count);
        foreach (var row in rows)
        {
            var attempts = row.Attempts + 1;
            await db.Inbox.Where(i => i.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Attempts, attempts), cancellationToken);
            var action = WireJson.Deserialize<SyncAction>(row.Action);
            var caller = WireJson.Deserialize<Caller>(row.Caller);
            ActionResult result;
            try
            {
                // Only the server's wait is known here (the push's sentAt is not kept), which is what
                // an outage long enough to defer a callNext adds.
                result = Answer(await applier.ApplyAsync(branch, caller, action,
                    ApplyOptions.InboxRetry(new PushTiming(null, row.CreatedAt)), cancellationToken));
            }
            catch (Exception e) when (TransientFailures.IsTransient(e))
            {
                if (attempts < MaxAttempts)
                {
                    await NoteAsync(row.Id, e.GetBaseException().Message, cancellationToken);
                    throw; // the job runner retries with backoff
                }

                result = await GiveUpAsync(branch, caller, action, attempts, e, cancellationToken);
            }

            var status = result.Status == ResultStatus.Rejected && attempts >= MaxAttempts ? InboxStatus.Failed : InboxStatus.Done;
            var json = WireJson.Serialize(result);
            var now = clock.GetUtcNow().UtcDateTime;
            // Two runs racing to give up: one commits the rejection (Failed), the other finds it
            // settled (a duplicate, Done). Whichever writes last, the row must stay Failed.
            await db.Inbox.Where(i => i.Id == row.Id && i.Status != InboxStatus.Failed).ExecuteUpdateAsync(s => s
                .SetProperty(i => i.Status, status)
                .SetProperty(i => i.Result, json)
                .SetProperty(i => i.CompletedAt, now), cancellationToken);
        }

        return rows.Count;
    }

    // The inbox's own retry never queues behind itself, so every outcome is an answer.
    private static ActionResult Answer(ApplyOutcome outcome) => outcome is ApplyOutcome.Answered answered
        ? answered.Result
        : throw new InvalidOperationException("An inbox retry was queued behind the inbox.");

    private async Task NoteAsync(long id, string error, CancellationToken cancellationToken)
    {
        try
        {
            var text = error.Length > 2000 ? error[..2000] : error;
            await db.Inbox.Where(i => i.Id == id).ExecuteUpdateAsync(s => s.SetProperty(i => i.LastError, text), cancellationToken);
        }
        catch (Exception e) when (TransientFailures.IsTransient(e))
        {
            // Only a note; the retry itself is what matters.
        }
    }

    /// <summary>A final, visible failure: the action is answered rejected and every desk of the branch is told.</summary>
    private async Task<ActionResult> GiveUpAsync(BranchRef branch, Caller caller, SyncAction action, int attempts,
        Exception error, CancellationToken cancellationToken)
    {
        // The innermost error says what the database said; EF's wrapper only says "see the inner exception".
        var reason = Reason.Of(ReasonCodes.GaveUp, ("attempts", attempts), ("error", error.GetBaseException().Message));
        var result = Answer(await applier.ApplyAsync(branch, caller, action, ApplyOptions.GiveUp(reason), cancellationToken));
        if (result.Status == ResultStatus.Duplicate)
        {
            return result; // another run of the job settled it first (and told the desks)
        }

        var notification = new Notification
        {
            BranchId = branch.Id,
            Kind = NotificationKinds.Failed,
            VisitId = action.VisitId,
            Message = $"{caller.Name} could not {Verb(action.Type)}{await SubjectAsync(action, cancellationToken)}: " +
                      $"the database kept failing ({attempts} attempts). Check it and do it again.",
            At = clock.GetUtcNow().UtcDateTime,
        };
        db.Notifications.Add(notification);
        await db.SaveChangesAsync(cancellationToken);
        telemetry.GivenUp.Add(1);
        await publisher.Publish(new BranchNotified(branch.Id, branch.Slug, Apply.VisitMapping.AsDto(notification)), cancellationToken);
        return result;
    }

    /// <summary>As the desk words it (wwwroot/js/model.js, VERBS).</summary>
    private static string Verb(string? type) => type switch
    {
        ActionTypes.UpdateDetails => "save the changes to",
        ActionTypes.CallNext => "call next",
        ActionTypes.StartService => "start serving",
        ActionTypes.NoShow => "mark as a no-show",
        ActionTypes.Requeue => "return to the queue",
        null => "apply an action",
        _ => type,
    };

    /// <summary>" A-003 Grace Hopper" for a visit the server has, " Grace Hopper" for a registration, else nothing.</summary>
    private async Task<string> SubjectAsync(SyncAction action, CancellationToken cancellationToken)
    {
        if (action.Type == ActionTypes.Register)
        {
            return action.Args is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty("name", out var name)
                   && name.ValueKind == JsonValueKind.String ? " " + name.GetString() : "";
        }

        var visit = action.VisitId is { } id
            ? await db.Visits.AsNoTracking().Where(v => v.Id == id).Select(v => v.Ticket + " " + v.Name).SingleOrDefaultAsync(cancellationToken)
            : null;
        return visit is null ? "" : " " + visit;
    }
}
