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
/// Today's conflicts and given-up retries of a branch, for managers: what the desk sent beside
/// what the server holds, with who and when, so nothing is resolved silently.
/// </summary>
public sealed record GetConflicts(string? Branch, Caller Caller) : IQuery<SyncReply<ConflictReport>>;

public sealed record ConflictReport(string Branch, string BranchName, DateTime DayStart, IReadOnlyList<ProblemEntry> Entries);

/// <param name="Kind">"conflict" (answered 409 to the desk) or "failed" (a background retry gave up).</param>
/// <param name="Action">The action's type, as on the wire.</param>
/// <param name="Reason">What the desk was told.</param>
/// <param name="Error">For a failure: the last database error.</param>
public sealed record ProblemEntry(
    string Kind, DateTime At, string By, Guid ClientId, long MutationId, string? Action, Guid? VisitId, string? Ticket,
    string? Reason, IReadOnlyList<FieldValues> Fields, string? Error);

/// <param name="Desk">What the desk sent (null when not recorded or not set).</param>
/// <param name="Server">What the server held.</param>
public sealed record FieldValues(string Field, string? Desk, string? Server);

public sealed class GetConflictsHandler(ReceptionDbContext db, BranchAccess access, TimeProvider clock)
    : IQueryHandler<GetConflicts, SyncReply<ConflictReport>>
{
    private const int Limit = 200;
    private const string NotRecorded = "(not recorded)";

    public async ValueTask<SyncReply<ConflictReport>> Handle(GetConflicts query, CancellationToken cancellationToken)
    {
        if (query.Caller.Kind is not (CallerKind.Manager or CallerKind.Admin))
        {
            return SyncProblem.Forbidden($"{query.Caller.Name} may not see the conflicts list: it is for managers.",
                ProblemCodes.ForbiddenRole);
        }

        var (branch, problem) = await access.ResolveAsync(db, query.Branch, query.Caller, cancellationToken);
        if (branch is null)
        {
            return problem!;
        }

        var dayStart = branch.DayStartUtc(clock.GetUtcNow().UtcDateTime);
        var name = await db.Branches.AsNoTracking().Where(b => b.Id == branch.Id).Select(b => b.Name).SingleAsync(cancellationToken);

        // Index (BranchId, Status, At).
        var conflicts = await db.MutationRecords.AsNoTracking()
            .Where(m => m.BranchId == branch.Id && m.Status == ResultStatus.Conflict && m.At >= dayStart)
            .OrderByDescending(m => m.At).Take(Limit).ToListAsync(cancellationToken);
        var failures = await db.Inbox.AsNoTracking()
            .Where(i => i.BranchId == branch.Id && i.Status == InboxStatus.Failed && i.CompletedAt >= dayStart)
            .OrderByDescending(i => i.CompletedAt).Take(Limit).ToListAsync(cancellationToken);

        var failedActions = failures.Select(f => WireJson.Deserialize<SyncAction>(f.Action)).ToList();
        var visitIds = failedActions.Where(a => a.VisitId is not null).Select(a => a.VisitId!.Value).Distinct().ToList();
        var visits = await db.Visits.AsNoTracking().Where(v => visitIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);

        var entries = conflicts.Select(ConflictEntry)
            .Concat(failures.Select((f, i) => FailureEntry(f, failedActions[i], visits)))
            .OrderByDescending(e => e.At).ToList();
        return new ConflictReport(branch.Slug, name, dayStart, entries);
    }

    private static ProblemEntry ConflictEntry(MutationRecord record)
    {
        var result = WireJson.Deserialize<ActionResult>(record.Result);
        var action = record.Action is { } json ? WireJson.Deserialize<SyncAction>(json) : null;
        var fields = (result.Conflicts ?? []).Select(c => new FieldValues(
            c.Field,
            c.Field == "status" ? action?.Type is { } type ? Wanted(type) : null : Arg(action, c.Field),
            Text(c.ServerValue))).ToList();
        return new ProblemEntry(ResultStatus.Conflict, record.At, record.By ?? NotRecorded, record.ClientId, record.MutationId,
            action?.Type, result.Visit?.Id ?? action?.VisitId, result.Visit?.Ticket, result.Reason, fields, null);
    }

    private static ProblemEntry FailureEntry(InboxItem item, SyncAction action, IReadOnlyDictionary<Guid, Visit> visits)
    {
        var result = item.Result is { } json ? WireJson.Deserialize<ActionResult>(json) : null;
        var caller = WireJson.Deserialize<Caller>(item.Caller);
        var visit = action.VisitId is { } id ? visits.GetValueOrDefault(id) : null;
        var fields = new List<FieldValues>();
        if (action.Args is { ValueKind: JsonValueKind.Object } args)
        {
            fields.AddRange(args.EnumerateObject().Select(p => new FieldValues(p.Name, Text(p.Value), visit is null ? null : ValueOf(visit, p.Name))));
        }

        if (action.Type is { } type && type != ActionTypes.Register && type != ActionTypes.UpdateDetails)
        {
            fields.Insert(0, new FieldValues("status", Wanted(type), visit is null ? null : StatusNames.Of(visit.Status)));
        }

        return new ProblemEntry("failed", item.CompletedAt ?? item.CreatedAt, caller.Name, item.ClientId, item.MutationId, action.Type,
            action.VisitId, visit?.Ticket, result?.Reason, fields, item.LastError);
    }

    /// <summary>The status a transition asks for, as a person reads it beside the server's.</summary>
    private static string Wanted(string type) => type switch
    {
        ActionTypes.Call or ActionTypes.CallNext => "called",
        ActionTypes.Recall => "called (recall)",
        ActionTypes.StartService => "serving",
        ActionTypes.Complete => "done",
        ActionTypes.NoShow => "noShow",
        ActionTypes.Cancel => "cancelled",
        ActionTypes.Requeue => "waiting (returned)",
        ActionTypes.Transfer => "waiting (transferred)",
        _ => type,
    };

    private static string? Arg(SyncAction? action, string field) =>
        action?.Args is { ValueKind: JsonValueKind.Object } args && args.TryGetProperty(field, out var value) ? Text(value) : null;

    private static string? ValueOf(Visit visit, string field) => field switch
    {
        "name" => visit.Name,
        "phone" => visit.Phone,
        "notes" => visit.Notes,
        "priority" => visit.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "serviceId" => visit.ServiceId.ToString(),
        "deskId" => visit.DeskId?.ToString(),
        _ => null,
    };

    private static string? Text(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.Null or JsonValueKind.Undefined } => null,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        JsonElement e => e.GetRawText(),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}
