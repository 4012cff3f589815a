using System.Globalization;
using System.Text.Json;
using Reception.Sync.Merge;
using Reception.Sync.Wire;

namespace Reception.Sync.Apply;

/// <summary>
/// Checks an action's shape and turns it into a <see cref="ParsedAction"/>, or says in words a
/// person can act on what is wrong. Pure: it knows nothing of the database.
/// </summary>
public static class ActionParser
{
    public const int MaxName = 200;
    public const int MaxPhone = 40;
    public const int MaxNotes = 2000;
    public const int MaxTicket = 99_999;

    public static (ParsedAction? Action, Reason? Error) Parse(SyncAction action)
    {
        try
        {
            return (ParseOrThrow(action), null);
        }
        catch (BadActionException e)
        {
            return (null, e.Reason);
        }
    }

    private static ParsedAction ParseOrThrow(SyncAction action)
    {
        var type = action.Type;
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new BadActionException(ReasonCodes.TypeMissing, ("types", string.Join(", ", ActionTypes.All)));
        }

        var args = new Args(type, action.Args);
        ParsedAction parsed = type switch
        {
            ActionTypes.Register => new RegisterAction(
                VisitId(action),
                args.Guid("serviceId", required: true)!.Value,
                Text.Name(args.String("name", required: true)),
                Text.Phone(args.String("phone")),
                Text.Notes(args.String("notes")),
                args.Priority() ?? 0,
                args.Time("arrivedAt"),
                args.TicketNumber()),
            ActionTypes.UpdateDetails => Edit(action, args),
            ActionTypes.Call => Move(action, new Transition(TransitionKind.Call, args.Guid("deskId", true))),
            ActionTypes.Recall => Move(action, new Transition(TransitionKind.Recall, args.Guid("deskId", true))),
            ActionTypes.StartService => Move(action, new Transition(TransitionKind.StartService, args.Guid("deskId", true))),
            ActionTypes.Complete => Move(action, new Transition(TransitionKind.Complete)),
            ActionTypes.NoShow => Move(action, new Transition(TransitionKind.NoShow)),
            ActionTypes.Cancel => Move(action, new Transition(TransitionKind.Cancel)),
            ActionTypes.Requeue => Move(action, new Transition(TransitionKind.Requeue)),
            ActionTypes.Transfer => Move(action, new Transition(TransitionKind.Transfer, ServiceId: args.Guid("serviceId", true))),
            ActionTypes.Reinstate => Move(action, new Transition(TransitionKind.Reinstate)),
            ActionTypes.CallNext => CallNext(action, args),
            ActionTypes.Postpone => new PostponeAction(VisitId(action)),
            _ => throw new BadActionException(ReasonCodes.TypeUnknown, ("type", Shorten(type)),
                ("types", string.Join(", ", ActionTypes.All))),
        };
        args.RejectUnknown();
        return parsed;
    }

    private static CallNextAction CallNext(SyncAction action, Args args)
    {
        if (action.VisitId is not null)
        {
            throw new BadActionException(ReasonCodes.CallNextVisitId);
        }

        return new CallNextAction(args.Guid("deskId", required: true)!.Value, args.GuidList("serviceIds"), args.Time("queuedAt"));
    }

    private static TransitionAction Move(SyncAction action, Transition transition) => new(VisitId(action), transition);

    private static EditAction Edit(SyncAction action, Args args)
    {
        args.RejectUnknown(allowed: ["name", "phone", "notes", "priority"]);
        var edits = new List<FieldEdit>();
        if (args.Has("name")) edits.Add(new FieldEdit(VisitField.Name, Text.Name(args.String("name", required: true))));
        if (args.Has("phone")) edits.Add(new FieldEdit(VisitField.Phone, Text.Phone(args.String("phone"))));
        if (args.Has("notes")) edits.Add(new FieldEdit(VisitField.Notes, Text.Notes(args.String("notes"))));
        if (args.Has("priority")) edits.Add(new FieldEdit(VisitField.Priority, args.Priority() ?? 0));
        if (edits.Count == 0)
        {
            throw new BadActionException(ReasonCodes.EditEmpty);
        }

        if (action.Base?.Version is not { } version || version < 0)
        {
            throw new BadActionException(ReasonCodes.EditBaseMissing);
        }

        var fields = new Dictionary<VisitField, long>();
        foreach (var (name, stamp) in action.Base.Fields ?? [])
        {
            if (!FieldNames.TryParse(name, out var field))
            {
                throw new BadActionException(ReasonCodes.EditBaseField, ("name", Shorten(name)));
            }

            fields[field] = stamp;
        }

        return new EditAction(VisitId(action), edits, new BaseStamps(version, fields));
    }

    private static Guid VisitId(SyncAction action) =>
        action.VisitId is { } id && id != Guid.Empty
            ? id
            : throw new BadActionException(ReasonCodes.VisitIdMissing, ("type", action.Type!));

    /// <summary>Why a visitor's name typed into a form would be refused by register, or null (the rule above, for forms).</summary>
    public static Reason? NameProblem(string? value) => Problem(() => Text.Name(value));

    /// <summary>Why a phone number typed into a form would be refused by register, or null.</summary>
    public static Reason? PhoneProblem(string? value) => Problem(() => Text.Phone(value));

    private static Reason? Problem(Func<string?> check)
    {
        try
        {
            check();
            return null;
        }
        catch (BadActionException e)
        {
            return e.Reason;
        }
    }

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private sealed class BadActionException(Reason reason) : Exception(reason.English)
    {
        public BadActionException(string code, params (string Name, object Value)[] args) : this(Reason.Of(code, args))
        {
        }

        public Reason Reason { get; } = reason;
    }

    /// <summary>Visitor text: trimmed, bounded, and plain (<see cref="PlainText"/>).</summary>
    private static class Text
    {
        public static string Name(string? value)
        {
            var name = Clean("name", value, MaxName, multiline: false);
            return string.IsNullOrEmpty(name) ? throw new BadActionException(ReasonCodes.NameEmpty) : name;
        }

        public static string? Phone(string? value) => NullIfEmpty(Clean("phone", value, MaxPhone, multiline: false));

        public static string? Notes(string? value) => NullIfEmpty(Clean("notes", value, MaxNotes, multiline: true));

        private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

        private static string? Clean(string field, string? value, int max, bool multiline)
        {
            if (value is null) return null;
            // Notes are edited in a textarea: a line break is stored as \n whichever convention sent it (\r\n, \r, U+2028…).
            var trimmed = (multiline ? value.ReplaceLineEndings("\n") : value).Trim();
            if (trimmed.Length > max)
            {
                throw new BadActionException(ReasonCodes.TextTooLong, ("field", field), ("length", trimmed.Length), ("max", max));
            }

            return PlainText.Problem(field, trimmed, multiline) is { } problem ? throw new BadActionException(problem) : trimmed;
        }
    }

    /// <summary>Reads args strictly: wrong types and unknown names are errors, not silently dropped.</summary>
    private sealed class Args
    {
        private readonly string _type;
        private readonly JsonElement? _args;
        private readonly HashSet<string> _read = [];

        public Args(string type, JsonElement? args)
        {
            _type = type;
            if (args is { ValueKind: not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined) })
            {
                throw new BadActionException(ReasonCodes.ArgsNotObject, ("type", type));
            }

            _args = args is { ValueKind: JsonValueKind.Object } ? args : null;
        }

        public bool Has(string name) => _args is { } a && a.TryGetProperty(name, out _);

        private JsonElement? Get(string name, bool required)
        {
            _read.Add(name);
            if (_args is { } a && a.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null)
            {
                return v;
            }

            return required ? throw new BadActionException(ReasonCodes.ArgMissing, ("type", _type), ("name", name)) : null;
        }

        public string? String(string name, bool required = false) => Get(name, required) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v => v.GetString(),
            _ => throw new BadActionException(ReasonCodes.ArgNotText, ("name", name)),
        };

        public Guid? Guid(string name, bool required = false) => Get(name, required) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v when v.TryGetGuid(out var g) && g != System.Guid.Empty => g,
            _ => throw new BadActionException(ReasonCodes.ArgNotId, ("name", name)),
        };

        public IReadOnlyList<Guid>? GuidList(string name)
        {
            if (Get(name, false) is not { } v) return null;
            if (v.ValueKind != JsonValueKind.Array)
            {
                throw new BadActionException(ReasonCodes.ArgNotIdList, ("name", name));
            }

            return v.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String && e.TryGetGuid(out var g)
                    ? g
                    : throw new BadActionException(ReasonCodes.ArgNotIdList, ("name", name)))
                .ToList();
        }

        public int? Priority() => Get("priority", false) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } v when v.TryGetInt32(out var p) && p is 0 or 1 => p,
            _ => throw new BadActionException(ReasonCodes.PriorityInvalid),
        };

        public int? TicketNumber() => Get("ticket", false) switch
        {
            null => null,
            { ValueKind: JsonValueKind.Number } v when v.TryGetInt32(out var n) && n is > 0 and <= MaxTicket => n,
            _ => throw new BadActionException(ReasonCodes.TicketInvalid),
        };

        public DateTime? Time(string name) => Get(name, false) switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } v when DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var t) => t.UtcDateTime,
            _ => throw new BadActionException(ReasonCodes.ArgNotTime, ("name", name)),
        };

        public void RejectUnknown(IReadOnlyList<string>? allowed = null)
        {
            if (_args is not { } a) return;
            foreach (var p in a.EnumerateObject())
            {
                if (!_read.Contains(p.Name) && allowed?.Contains(p.Name) != true)
                {
                    throw new BadActionException(allowed is null ? ReasonCodes.ArgUnknown : ReasonCodes.ArgNotEditable,
                        ("type", _type), ("name", Shorten(p.Name)));
                }
            }
        }
    }
}
