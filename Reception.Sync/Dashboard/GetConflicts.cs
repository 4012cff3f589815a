using System.Text.Json;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Reception.Data;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Apply;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Dashboard;

/// <summary>
/// Today's conflicts and given-up retries of a branch, for managers, in words: which desk tried
/// what on which visitor, what the server already held, and whether it has been resolved since.
/// </summary>
/// <remarks>
/// A desk's answer to a conflict reaches the server only as a re-applied action ("Re-apply mine")
/// or not at all ("Accept the server's", "Dismiss"), so "resolved" is read from the data, never
/// recorded separately. An entry is resolved when:
/// <list type="bullet">
/// <item>a conflicted field was set again after the conflict (by the same desk: re-applied; by
/// anyone: changed again), or now holds what the desk wanted;</item>
/// <item>a state conflict's visit has moved on since (any later change) or had already ended;</item>
/// <item>a given-up retry's visit now is as the desk wanted, or has ended.</item>
/// </list>
/// Anything else is open: the server's value stands and nobody has touched the visit since.
/// </remarks>
public sealed record GetConflicts(string? Branch, Caller Caller) : IQuery<SyncReply<ConflictReport>>;

/// <param name="Day">The branch's local date, "Tuesday 1 December 2026".</param>
public sealed record ConflictReport(string Branch, string BranchName, string TimeZone, string Day, DateTime DayStart,
    IReadOnlyList<ProblemEntry> Entries);

/// <param name="Kind">"conflict" (answered 409 to the desk) or "failed" (a background retry gave up).</param>
/// <param name="Time">When, on the branch's clock (HH:mm).</param>
/// <param name="Who">Who sent it, as a manager names them: the desk, else the login (text) or an API client (<see cref="Words"/>).</param>
/// <param name="By">The login name recorded with the action (null when not recorded).</param>
/// <param name="Action">The action's type, as on the wire (for machines; people read <paramref name="Tried"/>).</param>
/// <param name="Tried">"Desk 2 tried to mark A-004 Ana Li as a no-show."</param>
/// <param name="Found">What the server held, a sentence per field: "Desk 1 had already called A-004." (null for a failure).</param>
/// <param name="Resolved">Whether it is settled (see <see cref="GetConflicts"/> for what counts).</param>
/// <param name="Outcome">Why it is resolved or what is still open, a sentence per field.</param>
/// <param name="Reason">What the desk was told (its code and values).</param>
/// <param name="Error">For a failure: the last database error (technical).</param>
/// <remarks>The sentences are <see cref="Words"/>: codes and values, worded by the page in the reader's language.</remarks>
public sealed record ProblemEntry(
    string Kind, DateTime At, string Time, object Who, string? By, Guid ClientId, long MutationId, string? Action, Guid? VisitId,
    string? Ticket, string? Visitor, Words Tried, IReadOnlyList<Words>? Found, IReadOnlyList<FieldValues> Fields, bool Resolved,
    IReadOnlyList<Words> Outcome, Reason? Reason, string? Error, int Attempts);

/// <param name="Desk">What the desk sent (null when not recorded or not set).</param>
/// <param name="Server">What the server held.</param>
public sealed record FieldValues(string Field, string? Desk, string? Server);

public sealed class GetConflictsHandler(ReceptionDbContext db, BranchAccess access, TimeProvider clock)
    : IQueryHandler<GetConflicts, SyncReply<ConflictReport>>
{
    private const int Limit = 200;

    public async ValueTask<SyncReply<ConflictReport>> Handle(GetConflicts query, CancellationToken cancellationToken)
    {
        if (query.Caller.Kind is not (CallerKind.Manager or CallerKind.Admin))
        {
            return SyncProblem.Forbidden(ProblemDetail.Of(ProblemDetailCodes.ConflictsForbidden, ("login", query.Caller.Name)),
                ProblemCodes.ForbiddenRole);
        }

        var (branch, problem) = await access.ResolveAsync(db, query.Branch, query.Caller, cancellationToken);
        if (branch is null)
        {
            return problem!;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var dayStart = branch.DayStartUtc(now);
        var name = await db.Branches.AsNoTracking().Where(b => b.Id == branch.Id).Select(b => b.Name).SingleAsync(cancellationToken);

        // Index (BranchId, Status, At).
        var conflicts = (await db.MutationRecords.AsNoTracking()
                .Where(m => m.BranchId == branch.Id && m.Status == ResultStatus.Conflict && m.At >= dayStart)
                .OrderByDescending(m => m.At).Take(Limit).ToListAsync(cancellationToken))
            .Select(m => new Sent(m.ClientId, m.MutationId, m.At, m.By, m.Action is { } a ? WireJson.Deserialize<SyncAction>(a) : null,
                WireJson.Deserialize<ActionResult>(m.Result), 0, null, IsFailure: false)).ToList();
        var failures = (await db.Inbox.AsNoTracking()
                .Where(i => i.BranchId == branch.Id && i.Status == InboxStatus.Failed && i.CompletedAt >= dayStart)
                .OrderByDescending(i => i.CompletedAt).Take(Limit).ToListAsync(cancellationToken))
            .Select(i => new Sent(i.ClientId, i.MutationId, i.CompletedAt ?? i.CreatedAt, WireJson.Deserialize<Caller>(i.Caller).Name,
                WireJson.Deserialize<SyncAction>(i.Action), i.Result is { } r ? WireJson.Deserialize<ActionResult>(r) : null, i.Attempts,
                i.LastError, IsFailure: true)).ToList();
        var all = conflicts.Concat(failures).ToList();

        var visitIds = all.Select(s => s.Result?.Visit?.Id ?? s.Action?.VisitId).OfType<Guid>().Distinct().ToList();
        var visits = await db.Visits.AsNoTracking().Where(v => visitIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);

        // The changes that name who held or set something: the server's side of each conflict, and
        // the latest setting of each conflicted field.
        var versions = all.SelectMany(s => s.Result?.Visit is { } held ? [held.Version] : Array.Empty<long>())
            .Concat(visits.Values.SelectMany(v => new[] { v.Version, v.NameVersion, v.PhoneVersion, v.NotesVersion, v.PriorityVersion }))
            .Distinct().ToList();
        var changes = await db.Changes.AsNoTracking().Where(c => c.BranchId == branch.Id && versions.Contains(c.Version))
            .Select(c => new ChangeBy(c.Version, c.ClientId, c.By, c.At)).ToDictionaryAsync(c => c.Version, cancellationToken);
        var services = await db.Services.AsNoTracking().Where(s => s.BranchId == branch.Id)
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        var actors = await Actors.LoadAsync(db, branch.Id,
            all.Select(s => s.ClientId).Concat(changes.Values.Select(c => c.ClientId).OfType<Guid>()).Distinct().ToList(),
            all.Select(s => s.By).Concat(changes.Values.Select(c => c.By)).OfType<string>().Distinct().ToList(),
            cancellationToken);

        var story = new ProblemStory(actors, changes, services, branch.TimeZoneId);
        var entries = all.Select(s => story.Tell(s, (s.Result?.Visit?.Id ?? s.Action?.VisitId) is { } id ? visits.GetValueOrDefault(id) : null))
            .OrderByDescending(e => e.At).ToList();
        var day = TimeZoneInfo.ConvertTimeFromUtc(now, BranchZone.Of(branch.TimeZoneId))
            .ToString("dddd d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);
        return new ConflictReport(branch.Slug, name, branch.TimeZoneId, day, dayStart, entries);
    }
}
