using System.Diagnostics;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Sync.Access;
using Reception.Sync.Telemetry;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>A batch of actions from one transport: applied in order, together in one transaction when it can (see
/// <see cref="ActionApplier.ApplyBatchAsync"/>), results in order.</summary>
/// <param name="SentAt">The sender's clock when it sent the push, if it said (see <see cref="PushRequest.SentAt"/>).</param>
public sealed record PushActions(string? Branch, IReadOnlyList<SyncAction?>? Actions, Caller Caller, DateTime? SentAt = null)
    : ICommand<SyncReply<PushResponse>>;

public sealed class PushActionsHandler(
    ReceptionDbContext db, BranchAccess access, ClientOwnership owners, ActionApplier applier, Inbox inbox, TimeProvider clock,
    ReceptionTelemetry telemetry)
    : ICommandHandler<PushActions, SyncReply<PushResponse>>
{
    public const int MaxActions = 500;

    /// <summary>The span <c>reception.push</c>, the root of one push's trace in the engine (under the REST request or hub
    /// call that carried it): apply, commit and broadcast are its children.</summary>
    public async ValueTask<SyncReply<PushResponse>> Handle(PushActions command, CancellationToken cancellationToken)
    {
        using var activity = ReceptionTelemetry.Start(ReceptionTelemetry.PushSpan);
        var reply = await PushAsync(command, activity, cancellationToken);
        if (reply.Value is { } response)
        {
            ReceptionTelemetry.Tag(activity, command.Actions!, response.Results);
        }

        return reply;
    }

    private async ValueTask<SyncReply<PushResponse>> PushAsync(PushActions command, Activity? activity, CancellationToken cancellationToken)
    {
        if (command.Actions is not { Count: > 0 } actions)
        {
            return SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.BatchEmpty), ProblemCodes.BatchMalformed);
        }

        if (actions.Count > MaxActions)
        {
            return SyncProblem.TooLarge(ProblemDetail.Of(ProblemDetailCodes.BatchTooMany, ("count", actions.Count), ("max", MaxActions)));
        }

        if (actions.Any(a => a is null))
        {
            return SyncProblem.BadRequest(ProblemDetail.Of(ProblemDetailCodes.BatchNullAction),
                ProblemCodes.BatchMalformed);
        }

        var (branch, problem) = await access.ResolveAsync(db, command.Branch, command.Caller, cancellationToken);
        if (branch is null)
        {
            return problem!;
        }

        activity?.SetTag(ReceptionTelemetry.BranchAttribute, branch.Slug);
        telemetry.BatchSize.Record(actions.Count);

        if (actions.Any(a => !command.Caller.MaySend(a!.Type)))
        {
            return SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.KioskRegistersOnly, ("login", command.Caller.Name)),
                ProblemCodes.ForbiddenAction);
        }

        // Before anything of any client is read or written: the whole push, or nothing.
        if (await owners.ClaimAsync(db, command.Caller, actions.Select(a => a!.ClientId), cancellationToken) is { } notYours)
        {
            return notYours;
        }

        // Before anything hashes, stores or parses them: text that is not Unicode becomes U+FFFD (see WireText).
        IReadOnlyList<SyncAction> readable = actions.Select(a => WireText.Readable(a!)).ToList();

        var timing = new PushTiming(Utc(command.SentAt), clock.GetUtcNow().UtcDateTime);

        // One connection for the whole batch, not one per statement outside a transaction.
        await db.Database.OpenConnectionAsync(cancellationToken);
        if (await ApplyTogetherAsync(branch, command.Caller, readable, timing, cancellationToken) is BatchOutcome.Answered together)
        {
            return new PushResponse(together.Results);
        }

        var results = new List<ActionResult>(readable.Count);
        foreach (var action in readable)
        {
            results.Add(await ApplyOrDeferAsync(branch, command.Caller, action, timing, cancellationToken));
        }

        return new PushResponse(results);
    }

    /// <summary>A time without an offset is taken as UTC, as an action's own times are.</summary>
    private static DateTime? Utc(DateTime? time) => time is not { } t ? null
        : t.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : t.ToUniversalTime();

    /// <summary>
    /// The batch in one transaction (one durable commit for all its actions), or the reason it goes
    /// one action at a time instead: the applier declined, or the database failed (everything was
    /// rolled back, and the one-by-one path defers what it must).
    /// </summary>
    private async Task<BatchOutcome> ApplyTogetherAsync(BranchRef branch, Caller caller,
        IReadOnlyList<SyncAction> actions, PushTiming timing, CancellationToken cancellationToken)
    {
        try
        {
            return await applier.ApplyBatchAsync(branch, caller, actions, ApplyOptions.Pushed(timing), cancellationToken);
        }
        catch (Exception e) when (TransientFailures.IsTransient(e) || e is DbUpdateException)
        {
            // A write refused at the batch's one save (not transient) is met again one action at a
            // time, at the action that causes it, exactly as an unbatched push would meet it.
            return new BatchOutcome.OneByOne(OneByOneReason.Failed);
        }
    }

    /// <summary>
    /// Applies the action, or stores it for a background retry when the database fails
    /// transiently (or when an earlier action of the client is still waiting there). When even
    /// storing fails, the exception goes up: the transport answers a transient error and the
    /// client keeps the action.
    /// </summary>
    private async Task<ActionResult> ApplyOrDeferAsync(BranchRef branch, Caller caller, SyncAction action,
        PushTiming timing, CancellationToken cancellationToken)
    {
        try
        {
            return await applier.ApplyAsync(branch, caller, action, ApplyOptions.Pushed(timing), cancellationToken) switch
            {
                ApplyOutcome.Answered answered => answered.Result,
                _ => await inbox.DeferAsync(branch, caller, action, "queued behind an earlier deferred action", cancellationToken),
            };
        }
        catch (Exception e) when (TransientFailures.IsTransient(e))
        {
            return await inbox.DeferAsync(branch, caller, action, e.Message, cancellationToken);
        }
    }
}
