using Reception.Data.Model;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>What the pipeline decided for one action, before anything is written.</summary>
public sealed record Decision(MergeResult? Merge, string? Rejection, string? Note, VisitWrite? Write, string? RejectionCode = null)
{
    /// <param name="code">A <see cref="RejectionCodes"/> value when a client may act on this refusal, for machines.</param>
    public static Decision Reject(string reason, string? code = null) => new(null, reason, null, null, code);

    public static Decision Nobody(string note) => new(null, null, note, null);

    public static Decision From(MergeResult merge, Visit entity, bool isNew = false, string? deskName = null) =>
        new(merge, null, null, merge.Changed ? new VisitWrite(entity, merge.Visit, isNew, merge.Announce, deskName) : null);

    public ActionResult ToResult(long mutationId, long version, string branch) => this switch
    {
        { Rejection: { } reason } => ActionResult.Rejected(mutationId, reason) with { ReasonCode = RejectionCode },
        { Merge: { IsConflict: true } m } => new ActionResult
        {
            MutationId = mutationId, Status = ResultStatus.Conflict, Code = 409,
            Version = m.Changed ? version : null, Visit = m.Visit.AsDto(branch), Reason = m.Reason,
            Conflicts = m.Conflicts.Select(c => new ConflictDto(c.Field, c.ServerValue, c.ServerVersion)).ToList(),
        },
        { Merge: { } m } => new ActionResult
        {
            MutationId = mutationId, Status = ResultStatus.Applied, Code = 200, Version = m.Visit.Version,
            Visit = m.Visit.AsDto(branch),
        },
        _ => new ActionResult { MutationId = mutationId, Status = ResultStatus.Applied, Code = 200, Reason = Note },
    };
}
