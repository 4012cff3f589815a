using Reception.Sync.Wire;

namespace Reception.Sync.Merge;

/// <summary>One field an edit sets, with its new value (a string, or an int for priority).</summary>
public sealed record FieldEdit(VisitField Field, object? Value);

/// <summary>What the client last saw: the visit's version and, per field, the stamp it saw.</summary>
public sealed record BaseStamps(long Version, IReadOnlyDictionary<VisitField, long> Fields)
{
    public long For(VisitField field) => Fields.TryGetValue(field, out var v) ? v : Version;
}

/// <summary>
/// Per-field last-writer-wins, decided by server-assigned stamps only.
/// Laws (property-tested):
/// - a field whose server stamp is newer than the client's base and whose value differs is a
///   conflict; the action's other fields still apply;
/// - an edit to the value the server already holds is neither a change nor a conflict;
/// - edits of distinct fields commute: in either order both survive.
/// </summary>
public static class DetailsMerge
{
    public static MergeResult Apply(VisitState visit, IReadOnlyList<FieldEdit> edits, BaseStamps seen, long version, DateTime now)
    {
        var next = visit;
        var conflicts = new List<FieldConflict>();
        foreach (var edit in edits)
        {
            var serverValue = visit[edit.Field];
            if (Equals(serverValue, edit.Value))
            {
                continue;
            }

            var serverStamp = visit.Stamps[edit.Field];
            if (serverStamp > seen.For(edit.Field))
            {
                conflicts.Add(new FieldConflict(FieldNames.Of(edit.Field), serverValue, serverStamp));
                continue;
            }

            next = next.With(edit.Field, edit.Value) with { Stamps = next.Stamps.With(edit.Field, version) };
        }

        var changed = !ReferenceEquals(next, visit);
        if (changed)
        {
            next = next with { Version = version, UpdatedAt = now };
        }

        var reason = conflicts.Count == 0
            ? null
            : Reason.Of(ReasonCodes.DetailsChanged, ("fields", string.Join(", ", conflicts.Select(c => c.Field))), ("ticket", visit.Ticket));
        return new MergeResult(next, changed, conflicts, reason, Announcement.None);
    }
}

public static class FieldNames
{
    public static string Of(VisitField field) => field switch
    {
        VisitField.Name => "name",
        VisitField.Phone => "phone",
        VisitField.Notes => "notes",
        VisitField.Priority => "priority",
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    public static bool TryParse(string name, out VisitField field)
    {
        (var ok, field) = name switch
        {
            "name" => (true, VisitField.Name),
            "phone" => (true, VisitField.Phone),
            "notes" => (true, VisitField.Notes),
            "priority" => (true, VisitField.Priority),
            _ => (false, default),
        };
        return ok;
    }
}
