using Reception.Data.Model;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>What the pipeline decided for one action, before anything is written.</summary>
/// <param name="Authors">For a conflict: who made each winning server version (see <see cref="ConflictAuthor"/>).</param>
public sealed record Decision(MergeResult? Merge, Reason? Rejection, Reason? Note, VisitWrite? Write,
    IReadOnlyDictionary<long, ConflictAuthor>? Authors = null)
{
    public static Decision Reject(Reason reason) => new(null, reason, null, null);

    public static Decision Nobody(Reason note) => new(null, null, note, null);

    public static Decision From(MergeResult merge, Visit entity, bool isNew = false, string? deskName = null) =>
        merge.IsRejected
            ? Reject(merge.Reason!)
            : new(merge, null, null, merge.Changed ? new VisitWrite(entity, merge.Visit, isNew, merge.Announce, deskName) : null);

    public ActionResult ToResult(long mutationId, long version, string branch) => this switch
    {
        { Rejection: { } reason } => ActionResult.Rejected(mutationId, reason),
        { Merge: { IsConflict: true } m } => new ActionResult
        {
            MutationId = mutationId, Status = ResultStatus.Conflict, Code = 409,
            Version = m.Changed ? version : null, Visit = m.Visit.AsDto(branch),
            Conflicts = m.Conflicts.Select(c => c.ServerVersion is { } v && Authors?.GetValueOrDefault(v) is { } who
                ? new ConflictDto(c.Field, c.ServerValue, v, who.By, who.Desk)
                : new ConflictDto(c.Field, c.ServerValue, c.ServerVersion)).ToList(),
        }.Because(m.Reason),
        { Merge: { } m } => new ActionResult
        {
            MutationId = mutationId, Status = ResultStatus.Applied, Code = 200, Version = m.Visit.Version,
            Visit = m.Visit.AsDto(branch),
        },
        _ => new ActionResult { MutationId = mutationId, Status = ResultStatus.Applied, Code = 200 }.Because(Note),
    };
}

/// <summary>Who made a change of the feed: the login or API client, and the desk of that login if any.</summary>
public sealed record ConflictAuthor(string By, string? Desk);
