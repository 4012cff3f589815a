using System.Collections.Frozen;
using Reception.Data.Model;

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
}

/// <summary>A status action: which transition, by which desk, to which service (transfer).</summary>
public sealed record Transition(TransitionKind Kind, Guid? DeskId = null, Guid? ServiceId = null);

/// <summary>
/// The status machine. One policy everywhere: an illegal transition is returned as a conflict,
/// never thrown and never ignored.
/// Laws (property-tested):
/// - a visit only ever reaches a status listed as some rule's target;
/// - repeating a transition the visit is already in is a no-op success, so applying it twice
///   equals applying it once (two desks both marking a visit done);
/// - a final status (done, noShow, cancelled) is never left.
/// </summary>
public static class StatusMachine
{
    /// <param name="From">Statuses the transition may start from.</param>
    /// <param name="To">The status it leads to.</param>
    /// <param name="DeskBound">The resulting status belongs to one desk: repeating it from another desk is a conflict.</param>
    public sealed record Rule(VisitStatus[] From, VisitStatus To, bool DeskBound, string Verb);

    public static readonly FrozenDictionary<TransitionKind, Rule> Rules = new Dictionary<TransitionKind, Rule>
    {
        [TransitionKind.Call] = new([VisitStatus.Waiting], VisitStatus.Called, DeskBound: true, "called"),
        [TransitionKind.Recall] = new([VisitStatus.Called], VisitStatus.Called, DeskBound: true, "recalled"),
        [TransitionKind.StartService] = new([VisitStatus.Called], VisitStatus.Serving, DeskBound: true, "served"),
        [TransitionKind.Complete] = new([VisitStatus.Serving], VisitStatus.Done, DeskBound: false, "completed"),
        [TransitionKind.NoShow] = new([VisitStatus.Waiting, VisitStatus.Called], VisitStatus.NoShow, DeskBound: false, "marked as a no-show"),
        [TransitionKind.Cancel] = new([VisitStatus.Waiting, VisitStatus.Called], VisitStatus.Cancelled, DeskBound: false, "cancelled"),
        [TransitionKind.Requeue] = new([VisitStatus.Called], VisitStatus.Waiting, DeskBound: false, "returned to the queue"),
        [TransitionKind.Transfer] = new([VisitStatus.Waiting, VisitStatus.Called, VisitStatus.Serving], VisitStatus.Waiting, DeskBound: false, "transferred"),
    }.ToFrozenDictionary();

    /// <summary>Applies a transition at <paramref name="version"/>, server time <paramref name="now"/>.</summary>
    public static MergeResult Apply(VisitState visit, Transition transition, long version, DateTime now)
    {
        var rule = Rules[transition.Kind];

        if (IsRepeat(visit, transition, rule))
        {
            return MergeResult.NoOp(visit);
        }

        if (!rule.From.Contains(visit.Status) && rule.DeskBound && visit.DeskId is not null && visit.DeskId != transition.DeskId
            && visit.Status is VisitStatus.Called or VisitStatus.Serving)
        {
            return MergeResult.StatusConflict(visit,
                $"Visit {visit.Ticket} is already {StatusNames.Describe(visit.Status)} at another desk.");
        }

        if (!rule.From.Contains(visit.Status))
        {
            return MergeResult.StatusConflict(visit,
                $"Visit {visit.Ticket} is {StatusNames.Describe(visit.Status)} and cannot be {rule.Verb}.");
        }

        // Recalling or serving someone another desk called would take the visitor from that desk.
        if (transition.Kind is TransitionKind.Recall or TransitionKind.StartService && visit.DeskId != transition.DeskId)
        {
            return MergeResult.StatusConflict(visit,
                $"Visit {visit.Ticket} was called by another desk; only that desk can {(transition.Kind == TransitionKind.Recall ? "recall" : "serve")} it.");
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

    // A recall is never a repeat: each one is announced again.
    private static bool IsRepeat(VisitState visit, Transition transition, Rule rule) =>
        transition.Kind != TransitionKind.Recall
        && visit.Status == rule.To
        && (!rule.DeskBound || visit.DeskId == transition.DeskId)
        && (transition.Kind != TransitionKind.Transfer || visit.ServiceId == transition.ServiceId);
}
