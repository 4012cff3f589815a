using System.Collections.Frozen;
using Reception.Data.Model;
using Reception.Sync.Wire;

namespace Reception.Sync.Merge;

public enum TransitionKind
{
    Call,
    Recall,
    StartService,
    Complete,
    NoShow,
    Cancel,
    Requeue,
    Transfer,
    Reinstate,
}

/// <summary>A status action: which transition, by which desk, to which service (transfer).</summary>
/// <param name="Today">The branch-local day at the server's now: a reinstate must happen on the day of
/// the visit's ticket (<see cref="VisitState.Day"/>). Only a reinstate reads it.</param>
public sealed record Transition(TransitionKind Kind, Guid? DeskId = null, Guid? ServiceId = null, DateOnly? Today = null);

/// <summary>
/// The status machine. One policy everywhere: an illegal transition is returned as a conflict,
/// never thrown and never ignored.
/// Laws (property-tested):
/// - a visit only ever reaches a status listed as some rule's target;
/// - repeating a transition the visit is already in is a no-op success, so applying it twice
///   equals applying it once (two desks both marking a visit done);
/// - a final status is never left, except noShow or cancelled by a reinstate on the visit's own day;
/// - a reinstate puts the visit at the back of the line as of the reinstate (ReinstatedAt = now; its
///   ArrivedAt is kept for reports), at no desk, with the same ticket;
/// - a reinstate commutes with an edit of the visit's details (status and fields are apart), and two
///   reinstates are one (the second finds the visit waiting: a no-op success).
/// </summary>
public static class StatusMachine
{
    /// <param name="From">Statuses the transition may start from.</param>
    /// <param name="To">The status it leads to.</param>
    /// <param name="DeskBound">The resulting status belongs to one desk: repeating it from another desk is a conflict.</param>
    public sealed record Rule(VisitStatus[] From, VisitStatus To, bool DeskBound);

    public static readonly FrozenDictionary<TransitionKind, Rule> Rules = new Dictionary<TransitionKind, Rule>
    {
        [TransitionKind.Call] = new([VisitStatus.Waiting], VisitStatus.Called, DeskBound: true),
        [TransitionKind.Recall] = new([VisitStatus.Called], VisitStatus.Called, DeskBound: true),
        [TransitionKind.StartService] = new([VisitStatus.Called], VisitStatus.Serving, DeskBound: true),
        [TransitionKind.Complete] = new([VisitStatus.Serving], VisitStatus.Done, DeskBound: false),
        [TransitionKind.NoShow] = new([VisitStatus.Waiting, VisitStatus.Called], VisitStatus.NoShow, DeskBound: false),
        [TransitionKind.Cancel] = new([VisitStatus.Waiting, VisitStatus.Called], VisitStatus.Cancelled, DeskBound: false),
        [TransitionKind.Requeue] = new([VisitStatus.Called], VisitStatus.Waiting, DeskBound: false),
        [TransitionKind.Transfer] = new([VisitStatus.Waiting, VisitStatus.Called, VisitStatus.Serving], VisitStatus.Waiting, DeskBound: false),
        [TransitionKind.Reinstate] = new([VisitStatus.NoShow, VisitStatus.Cancelled], VisitStatus.Waiting, DeskBound: false),
    }.ToFrozenDictionary();

    /// <summary>Applies a transition at <paramref name="version"/>, server time <paramref name="now"/>.</summary>
    public static MergeResult Apply(VisitState visit, Transition transition, long version, DateTime now)
    {
        var rule = Rules[transition.Kind];

        if (IsRepeat(visit, transition, rule))
        {
            return MergeResult.NoOp(visit);
        }

        if (transition.Kind == TransitionKind.Reinstate && WhyNotReinstate(visit, transition) is { } refusal)
        {
            return refusal;
        }

        if (!rule.From.Contains(visit.Status) && rule.DeskBound && visit.DeskId is not null && visit.DeskId != transition.DeskId
            && visit.Status is VisitStatus.Called or VisitStatus.Serving)
        {
            return MergeResult.StatusConflict(visit, Reason.Of(
                visit.Status == VisitStatus.Called ? ReasonCodes.CalledElsewhere : ReasonCodes.ServingElsewhere, ("ticket", visit.Ticket)));
        }

        if (!rule.From.Contains(visit.Status))
        {
            return MergeResult.StatusConflict(visit, StatusNames.Refusal(visit.Status, visit.Ticket));
        }

        // Recalling or serving someone another desk called would take the visitor from that desk.
        if (transition.Kind is TransitionKind.Recall or TransitionKind.StartService && visit.DeskId != transition.DeskId)
        {
            return MergeResult.StatusConflict(visit, Reason.Of(
                transition.Kind == TransitionKind.Recall ? ReasonCodes.RecallOtherDesk : ReasonCodes.ServeOtherDesk, ("ticket", visit.Ticket)));
        }

        var next = transition.Kind switch
        {
            TransitionKind.Call => visit with { Status = VisitStatus.Called, DeskId = transition.DeskId, CalledAt = now },
            TransitionKind.Recall => visit,
            TransitionKind.StartService => visit with { Status = VisitStatus.Serving, StartedAt = now },
            TransitionKind.Complete => visit with { Status = VisitStatus.Done, CompletedAt = now },
            TransitionKind.NoShow => visit with { Status = VisitStatus.NoShow, CompletedAt = now },
            TransitionKind.Cancel => visit with { Status = VisitStatus.Cancelled, CompletedAt = now },
            TransitionKind.Requeue => visit with { Status = VisitStatus.Waiting, DeskId = null, CalledAt = null },
            TransitionKind.Reinstate => visit with
            {
                Status = VisitStatus.Waiting, DeskId = null, CalledAt = null, StartedAt = null, CompletedAt = null,
                ReinstatedAt = now,
            },
            TransitionKind.Transfer => visit with
            {
                Status = VisitStatus.Waiting, ServiceId = transition.ServiceId!.Value, DeskId = null, CalledAt = null,
                StartedAt = null,
            },
            _ => throw new ArgumentOutOfRangeException(nameof(transition)),
        };

        var announce = transition.Kind switch
        {
            TransitionKind.Call => Announcement.Called,
            TransitionKind.Recall => Announcement.Recalled,
            _ => Announcement.None,
        };
        return MergeResult.Applied(next with { Version = version, UpdatedAt = now }, announce);
    }

    // Rejected, not a conflict: no later state of the visit could make these right.
    private static MergeResult? WhyNotReinstate(VisitState visit, Transition transition) => visit switch
    {
        { Status: VisitStatus.Done } => MergeResult.Rejected(visit, Reason.Of(ReasonCodes.ReinstateDone, ("ticket", visit.Ticket))),
        { IsFinal: true } when transition.Today is not { } today || visit.Day != today =>
            MergeResult.Rejected(visit, Reason.Of(ReasonCodes.ReinstateOtherDay, ("ticket", visit.Ticket))),
        _ => null,
    };

    // A recall is never a repeat: each one is announced again.
    private static bool IsRepeat(VisitState visit, Transition transition, Rule rule) =>
        transition.Kind != TransitionKind.Recall
        && visit.Status == rule.To
        && (!rule.DeskBound || visit.DeskId == transition.DeskId)
        && (transition.Kind != TransitionKind.Transfer || visit.ServiceId == transition.ServiceId);
}
