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
        var ticket = (object?)(held?.Ticket ?? now?.Ticket) ?? Words.Of(ConflictCodes.AVisitor);
        var visitor = now?.Name ?? held?.Name;
        var named = visitor is { Length: > 0 } ? Words.Of(ConflictCodes.Named, ("ticket", ticket), ("name", visitor)) : ticket;
        var who = actors.Name(sent.ClientId, sent.By);
        if (Arg(action, "deskId") is { } deskArg && Guid.TryParse(deskArg, out var deskId) && actors.Desk(deskId) is { } desk
            && !Equals(desk, who))
        {
            who = Words.Of(ConflictCodes.WhoAtDesk, ("who", who), ("desk", desk));
        }

        var fieldConflicts = (sent.Result?.Conflicts ?? []).Where(c => c.Field != "status").ToList();
        var changed = action?.Type == ActionTypes.UpdateDetails && action.Args is { ValueKind: JsonValueKind.Object } args
            ? args.EnumerateObject().Select(p => (p.Name, Text(p.Value))).ToList()
            : [];
        var wish = ProblemWords.Wish(action?.Type, named, changed.Count > 0 ? ProblemWords.Changes(changed) : null,
            Arg(action, "serviceId") is { } s && Guid.TryParse(s, out var serviceId) ? services.GetValueOrDefault(serviceId) : null);

        var fields = new List<FieldValues>();
        IReadOnlyList<Words>? found = null;
        if (!sent.IsFailure && held is not null)
        {
            var status = Enum.Parse<VisitStatus>(held.Status, ignoreCase: true);
            if (fieldConflicts.Count > 0)
            {
                found = [.. fieldConflicts.Select(c => ProblemWords.HeldField(c.Field, Text(c.ServerValue), WhoChanged(c.ServerVersion)))];
                fields.AddRange(fieldConflicts.Select(c => new FieldValues(c.Field, Arg(action, c.Field), Text(c.ServerValue))));
            }
            else
            {
                found = [ProblemWords.Held(status, ticket, HeldBy(status, held.DeskId, held.Version))];
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

        var attempts = Math.Max(1, sent.Attempts);
        var tried = !sent.IsFailure ? Words.Of(ConflictCodes.Tried, ("who", who), ("wish", wish))
            : attempts == 1 ? Words.Of(ConflictCodes.TriedOnce, ("who", who), ("wish", wish))
            : Words.Of(ConflictCodes.TriedTimes, ("who", who), ("wish", wish), ("attempts", attempts));
        var (resolved, outcome) = sent.IsFailure ? FailureOutcome(action, now, ticket, who)
            : fieldConflicts.Count > 0 ? FieldOutcome(sent, fieldConflicts, action, now, who)
            : StatusOutcome(action, held, now, ticket);
        return new ProblemEntry(sent.IsFailure ? "failed" : ResultStatus.Conflict, sent.At, BranchZone.Clock(sent.At, zone), who,
            sent.By, sent.ClientId, sent.MutationId, action?.Type, held?.Id ?? action?.VisitId,
            held?.Ticket ?? now?.Ticket, visitor, tried, found, fields, resolved, outcome,
            sent.Result?.ReasonCode is { } code ? new Reason(code, sent.Result.ReasonArgs) : null, sent.Error, sent.Attempts);
    }

    private (bool, IReadOnlyList<Words>) FieldOutcome(
        Sent sent, IReadOnlyList<ConflictDto> conflicts, SyncAction? action, Visit? now, object who)
    {
        if (now is null)
        {
            return (false, [Words.Of(ConflictCodes.Gone)]);
        }

        var parts = conflicts.Select(c =>
        {
            var field = ProblemWords.FieldName(c.Field);
            var wanted = ProblemWords.Quote(c.Field, Arg(action, c.Field));
            var current = ProblemWords.Quote(c.Field, ValueOf(now, c.Field));
            var version = FieldVersion(now, c.Field);
            var setter = changes.GetValueOrDefault(version);
            var when = BranchZone.Clock(setter?.At ?? now.UpdatedAt, zone);
            if (version > (c.ServerVersion ?? 0) && setter?.ClientId == sent.ClientId)
            {
                return (true, Words.Of(ConflictCodes.FieldReapplied, ("who", who), ("field", field), ("value", wanted), ("time", when)));
            }

            if (ValueOf(now, c.Field) == Arg(action, c.Field))
            {
                return (true, Words.Of(ConflictCodes.FieldWanted, ("field", field), ("value", wanted), ("who", who)));
            }

            return version > (c.ServerVersion ?? 0)
                ? (true, Words.Of(ConflictCodes.FieldChangedAgain, ("who", WhoChanged(version)), ("field", field), ("time", when), ("value", current)))
                : (false, Words.Of(ConflictCodes.FieldOpen, ("field", field), ("current", current), ("who", who), ("wanted", wanted)));
        }).ToList();
        return (parts.All(p => p.Item1), [.. parts.Select(p => p.Item2)]);
    }

    private (bool, IReadOnlyList<Words>) StatusOutcome(SyncAction? action, VisitDto? held, Visit? now, object ticket)
    {
        if (now is null || held is null)
        {
            return (false, [Words.Of(ConflictCodes.Gone)]);
        }

        var state = NowOf(now);
        if (now.Version > held.Version)
        {
            return (true, [Words.Of(ConflictCodes.MovedOn, ("ticket", ticket), ("now", state))]);
        }

        if (ProblemWords.IsFinal(now.Status))
        {
            return (true, [Words.Of(ConflictCodes.AlreadyEnded, ("now", state))]);
        }

        return now.Status == ProblemWords.StatusWanted(action?.Type)
            ? (true, [Words.Of(ConflictCodes.NothingToDo, ("ticket", ticket), ("now", state))])
            : (false, [Words.Of(ConflictCodes.StatusOpen, ("ticket", ticket), ("now", state))]);
    }

    private (bool, IReadOnlyList<Words>) FailureOutcome(SyncAction? action, Visit? now, object ticket, object who)
    {
        if (now is null)
        {
            return (false, [Words.Of(action?.Type == ActionTypes.Register ? ConflictCodes.NeverRegistered : ConflictCodes.Gone)]);
        }

        var state = NowOf(now);
        if (action?.Type == ActionTypes.Register)
        {
            return (true, [Words.Of(ConflictCodes.Registered, ("ticket", ticket), ("now", state))]);
        }

        if (ProblemWords.StatusWanted(action?.Type) is { } wanted)
        {
            return now.Status == wanted ? (true, [Words.Of(ConflictCodes.DoneSince, ("who", who), ("ticket", ticket), ("now", state))])
                : ProblemWords.IsFinal(now.Status) ? (true, [Words.Of(ConflictCodes.Ended, ("ticket", ticket), ("now", state))])
                : (false, [Words.Of(ConflictCodes.FailedOpen, ("ticket", ticket), ("now", state), ("who", who))]);
        }

        var missing = action?.Args is { ValueKind: JsonValueKind.Object } args
            ? args.EnumerateObject().Where(p => ValueOf(now, p.Name) != Text(p.Value)).Select(p => ProblemWords.FieldName(p.Name)).ToList()
            : [];
        return missing.Count == 0
            ? (true, [Words.Of(ConflictCodes.DetailsDone, ("who", who))])
            : (false, [Words.Of(ConflictCodes.DetailsOpen, ("fields", ProblemWords.JoinAnd(missing)), ("who", who))]);
    }

    private Words NowOf(Visit visit)
    {
        var at = visit.Status switch
        {
            VisitStatus.Called => visit.CalledAt,
            VisitStatus.Serving => visit.StartedAt,
            VisitStatus.Done or VisitStatus.NoShow or VisitStatus.Cancelled => visit.CompletedAt ?? visit.UpdatedAt,
            _ => null,
        };
        return ProblemWords.Now(visit.Status, actors.Desk(visit.DeskId), BranchZone.Clock(at ?? visit.UpdatedAt, zone));
    }

    /// <summary>Who put the visit in the state the server held: its desk when it has one, else who changed it.</summary>
    private object HeldBy(VisitStatus status, Guid? deskId, long version) =>
        status is VisitStatus.Called or VisitStatus.Serving or VisitStatus.Done && actors.Desk(deskId) is { } desk
            ? desk
            : WhoChanged(version);

    private object WhoChanged(long? version) =>
        version is { } v && changes.TryGetValue(v, out var change) ? actors.Name(change.ClientId, change.By) : Words.Of(ConflictCodes.AnotherDesk);

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
