using Reception.Data.Model;
using Reception.Sync.Wire;

namespace Reception.Sync.Merge;

/// <summary>What should be announced to the desks and the public screen.</summary>
public enum Announcement
{
    None,
    Called,
    Recalled,
}

/// <summary>One collision: the server's value of a field (or of the status) and the version that set it.</summary>
public sealed record FieldConflict(string Field, object? ServerValue, long? ServerVersion);

/// <summary>
/// The outcome of merging one action into a visit. <see cref="Visit"/> is always the state to show
/// afterwards; <see cref="Changed"/> says whether it must be stored under a new version. An action
/// can both change the visit and conflict (an edit whose other fields applied). A rejection
/// (<see cref="RejectionCode"/>) changes nothing: the action can never apply to this visit.
/// </summary>
public sealed record MergeResult(
    VisitState Visit,
    bool Changed,
    IReadOnlyList<FieldConflict> Conflicts,
    Reason? Reason,
    Announcement Announce,
    bool IsRejected = false)
{
    public bool IsConflict => Conflicts.Count > 0;

    public static MergeResult Rejected(VisitState current, Reason reason) =>
        new(current, false, [], reason, Announcement.None, IsRejected: true);

    public static MergeResult Applied(VisitState next, Announcement announce = Announcement.None) =>
        new(next, true, [], null, announce);

    public static MergeResult NoOp(VisitState current) => new(current, false, [], null, Announcement.None);

    public static MergeResult StatusConflict(VisitState current, Reason reason) =>
        new(current, false, [new FieldConflict("status", StatusNames.Of(current.Status), current.Version)], reason,
            Announcement.None);
}

/// <summary>Wire names of statuses (camelCase, as all wire names).</summary>
public static class StatusNames
{
    public static string Of(VisitStatus status) => status switch
    {
        VisitStatus.Waiting => "waiting",
        VisitStatus.Called => "called",
        VisitStatus.Serving => "serving",
        VisitStatus.Done => "done",
        VisitStatus.NoShow => "noShow",
        VisitStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>How a person reads the status in an English sentence.</summary>
    public static string Describe(VisitStatus status) => status switch
    {
        VisitStatus.Waiting => "waiting",
        VisitStatus.Called => "called",
        VisitStatus.Serving => "being served",
        VisitStatus.Done => "done",
        VisitStatus.NoShow => "marked as a no-show",
        VisitStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    /// <summary>Why an action does not apply to a visit in <paramref name="status"/> (each status is a sentence of its own in every language).</summary>
    public static Reason Refusal(VisitStatus status, string ticket) => Reason.Of(status switch
    {
        VisitStatus.Waiting => ReasonCodes.VisitWaiting,
        VisitStatus.Called => ReasonCodes.VisitCalled,
        VisitStatus.Serving => ReasonCodes.VisitServing,
        VisitStatus.Done => ReasonCodes.VisitDone,
        VisitStatus.NoShow => ReasonCodes.VisitNoShow,
        VisitStatus.Cancelled => ReasonCodes.VisitCancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    }, ("ticket", ticket));
}
