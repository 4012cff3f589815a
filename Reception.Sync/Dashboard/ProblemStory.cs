using System.Text.Json;
using Reception.Data.Model;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Dashboard;

/// <summary>One action the server did not apply as sent: a conflict, or a retry that gave up.</summary>
internal sealed record Sent(
    Guid ClientId, long MutationId, DateTime At, string? By, SyncAction? Action, ActionResult? Result, int Attempts, string? Error,
    bool IsFailure);

internal sealed record ChangeBy(long Version, Guid? ClientId, string By, DateTime At);

/// <summary>Turns one <see cref="Sent"/> and the visit as it is now into a <see cref="ProblemEntry"/>.</summary>
internal sealed class ProblemStory(
    Actors actors, IReadOnlyDictionary<long, ChangeBy> changes, IReadOnlyDictionary<Guid, string> services, string zone)
{
    public ProblemEntry Tell(Sent sent, Visit? now)
    {
        var action = sent.Action;
        var held = sent.Result?.Visit;
        var ticket = held?.Ticket ?? now?.Ticket ?? "a visitor";
        var visitor = now?.Name ?? held?.Name;
        var named = visitor is { Length: > 0 } ? $"{ticket} {visitor}" : ticket;
        var who = actors.Name(sent.ClientId, sent.By);
        if (Arg(action, "deskId") is { } deskArg && Guid.TryParse(deskArg, out var deskId) && actors.Desk(deskId) is { } desk && desk != who)
        {
            who = $"{who} (at {desk})";
        }

        var fieldConflicts = (sent.Result?.Conflicts ?? []).Where(c => c.Field != "status").ToList();
        var changed = action?.Type == ActionTypes.UpdateDetails && action.Args is { ValueKind: JsonValueKind.Object } args
            ? args.EnumerateObject().Select(p => (p.Name, Text(p.Value))).ToList()
            : [];
        var wish = ProblemWords.Wish(action?.Type, named, changed.Count > 0 ? ProblemWords.Changes(changed) : null,
            Arg(action, "serviceId") is { } s && Guid.TryParse(s, out var serviceId) ? services.GetValueOrDefault(serviceId) : null);

        var fields = new List<FieldValues>();
        string? found = null;
        if (!sent.IsFailure && held is not null)
        {
            var status = Enum.Parse<VisitStatus>(held.Status, ignoreCase: true);
            if (fieldConflicts.Count > 0)
            {
                found = string.Join(" ", fieldConflicts.Select(c =>
                    ProblemWords.HeldField(c.Field, Text(c.ServerValue), WhoChanged(c.ServerVersion))));
                fields.AddRange(fieldConflicts.Select(c => new FieldValues(c.Field, Arg(action, c.Field), Text(c.ServerValue))));
            }
            else
            {
                found = ProblemWords.Held(status, ticket, HeldBy(status, held.DeskId, held.Version));
                fields.Add(new FieldValues("status", StatusOf(action?.Type), StatusNames.Of(status)));
            }
        }
        else if (sent.IsFailure && now is not null)
        {
            fields.AddRange(changed.Select(c => new FieldValues(c.Name, c.Item2, ValueOf(now, c.Name))));
            if (ProblemWords.StatusWanted(action?.Type) is { } wanted)
            {
                fields.Insert(0, new FieldValues("status", StatusNames.Of(wanted), StatusNames.Of(now.Status)));
            }
        }

        var tried = sent.IsFailure
            ? $"{who} tried to {wish}, but it was never saved: the server gave up after trying {ProblemWords.Times(Math.Max(1, sent.Attempts))}."
            : $"{who} tried to {wish}.";
        var (resolved, outcome) = sent.IsFailure ? FailureOutcome(action, now, ticket, who)
            : fieldConflicts.Count > 0 ? FieldOutcome(sent, fieldConflicts, action, now, who)
            : StatusOutcome(action, held, now, ticket);
        return new ProblemEntry(sent.IsFailure ? "failed" : ResultStatus.Conflict, sent.At, BranchZone.Clock(sent.At, zone), who,
            sent.By ?? "(not recorded)", sent.ClientId, sent.MutationId, action?.Type, held?.Id ?? action?.VisitId,
            held?.Ticket ?? now?.Ticket, visitor, tried, found, fields, resolved, outcome, sent.Result?.Reason, sent.Error, sent.Attempts);
    }

    private (bool, string) FieldOutcome(Sent sent, IReadOnlyList<ConflictDto> conflicts, SyncAction? action, Visit? now, string who)
    {
        if (now is null)
        {
            return (false, "The visit is no longer on record.");
        }

        var parts = conflicts.Select(c =>
        {
            var field = ProblemWords.FieldName(c.Field);
            var wanted = Arg(action, c.Field);
            var current = ValueOf(now, c.Field);
            var version = FieldVersion(now, c.Field);
            var setter = changes.GetValueOrDefault(version);
            var when = setter is null ? "" : $" at {BranchZone.Clock(setter.At, zone)}";
            if (version > (c.ServerVersion ?? 0) && setter?.ClientId == sent.ClientId)
            {
                return (true, $"{who} re-applied the {field} {ProblemWords.Quote(c.Field, wanted)}{when}.");
            }

            if (current == wanted)
            {
                return (true, $"The {field} is now {ProblemWords.Quote(c.Field, wanted)}, as {who} wanted.");
            }

            if (version > (c.ServerVersion ?? 0))
            {
                return (true, $"{WhoChanged(version)} changed the {field} again{when}: it is now {ProblemWords.Quote(c.Field, current)}.");
            }

            return (false, $"The {field} is still {ProblemWords.Quote(c.Field, current)}; {who} has not re-applied {ProblemWords.Quote(c.Field, wanted)}. If {ProblemWords.Quote(c.Field, current)} is right, nothing needs doing.");
        }).ToList();
        return (parts.All(p => p.Item1), string.Join(" ", parts.Select(p => p.Item2)));
    }

    private (bool, string) StatusOutcome(SyncAction? action, VisitDto? held, Visit? now, string ticket)
    {
        if (now is null || held is null)
        {
            return (false, "The visit is no longer on record.");
        }

        var state = $"{ticket} is now {NowOf(now)}.";
        if (now.Version > held.Version)
        {
            return (true, $"The visit moved on: {state}");
        }

        if (ProblemWords.IsFinal(now.Status))
        {
            return (true, $"Nothing to do: the visit had already ended ({NowOf(now)}).");
        }

        return now.Status == ProblemWords.StatusWanted(action?.Type)
            ? (true, $"Nothing to do: {state}")
            : (false, $"Nothing has changed since: {ticket} is still {NowOf(now)}. Check with the desks that this is right.");
    }

    private (bool, string) FailureOutcome(SyncAction? action, Visit? now, string ticket, string who)
    {
        if (now is null)
        {
            return action?.Type == ActionTypes.Register
                ? (false, "This visitor was never registered. If they are still here, register them again.")
                : (false, "The visit is no longer on record.");
        }

        var state = $"{ticket} is now {NowOf(now)}.";
        if (action?.Type == ActionTypes.Register)
        {
            return (true, $"The visitor is registered: {state}");
        }

        if (ProblemWords.StatusWanted(action?.Type) is { } wanted)
        {
            return now.Status == wanted ? (true, $"Done since, as {who} wanted: {state}")
                : ProblemWords.IsFinal(now.Status) ? (true, $"Nothing to do: the visit has ended. {state}")
                : (false, $"{state} If {who} still needs this, do it again at the desk.");
        }

        var missing = action?.Args is { ValueKind: JsonValueKind.Object } args
            ? args.EnumerateObject().Where(p => ValueOf(now, p.Name) != Text(p.Value)).Select(p => ProblemWords.FieldName(p.Name)).ToList()
            : [];
        return missing.Count == 0
            ? (true, $"The details are now as {who} wanted.")
            : (false, $"The {ProblemWords.JoinAnd(missing)} still differ from what {who} sent. Edit them again at the desk if needed.");
    }

    private string NowOf(Visit visit)
    {
        var at = visit.Status switch
        {
            VisitStatus.Called => visit.CalledAt,
            VisitStatus.Serving => visit.StartedAt,
            VisitStatus.Done or VisitStatus.NoShow or VisitStatus.Cancelled => visit.CompletedAt ?? visit.UpdatedAt,
            _ => null,
        };
        return ProblemWords.Now(visit.Status, actors.Desk(visit.DeskId), at is { } t ? BranchZone.Clock(t, zone) : null);
    }

    /// <summary>Who put the visit in the state the server held: its desk when it has one, else who changed it.</summary>
    private string HeldBy(VisitStatus status, Guid? deskId, long version) =>
        status is VisitStatus.Called or VisitStatus.Serving or VisitStatus.Done && actors.Desk(deskId) is { } desk
            ? desk
            : WhoChanged(version);

    private string WhoChanged(long? version) =>
        version is { } v && changes.TryGetValue(v, out var change) ? actors.Name(change.ClientId, change.By) : "another desk";

    private static string? StatusOf(string? type) => ProblemWords.StatusWanted(type) is { } s ? StatusNames.Of(s) : type;

    private static long FieldVersion(Visit visit, string field) => field switch
    {
        "name" => visit.NameVersion,
        "phone" => visit.PhoneVersion,
        "notes" => visit.NotesVersion,
        "priority" => visit.PriorityVersion,
        _ => 0,
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
