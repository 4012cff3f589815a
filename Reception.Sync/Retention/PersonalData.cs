using System.Text.Json.Nodes;
using Reception.Sync.Merge;

namespace Reception.Sync.Retention;

/// <summary>
/// Which of a visit's fields say who the visitor is, and how each stored copy is blanked: a visit
/// (wire JSON, as the change feed keeps it), an action's arguments, a stored result (its visit, the
/// server values of its field conflicts, the original result of a duplicate). Ids, tickets, codes,
/// times, statuses, services, desks and channels stay: every figure is made of them.
/// </summary>
public static class PersonalData
{
    /// <summary>The personal fields, by their wire names.</summary>
    public static readonly IReadOnlyList<string> Fields =
        [FieldNames.Of(VisitField.Name), FieldNames.Of(VisitField.Phone), FieldNames.Of(VisitField.Notes)];

    /// <summary>A visit's name is required (""); its phone and notes are optional (null).</summary>
    private static JsonNode? Blank(string field) => field == Fields[0] ? JsonValue.Create("") : null;

    public static string Visit(string json) => Rewrite(json, BlankVisit);

    public static string Action(string json) => Rewrite(json, BlankAction);

    public static string Result(string json) => Rewrite(json, BlankResult);

    private static string Rewrite(string json, Action<JsonObject> blank)
    {
        if (JsonNode.Parse(json) is not JsonObject root)
        {
            return json;
        }

        blank(root);
        return root.ToJsonString();
    }

    private static void BlankVisit(JsonObject visit)
    {
        foreach (var field in Fields)
        {
            visit[field] = Blank(field);
        }
    }

    /// <summary>Only the fields the action carried: an edit that left the phone alone still leaves it out.</summary>
    private static void BlankAction(JsonObject action)
    {
        if (action["args"] is not JsonObject args)
        {
            return;
        }

        foreach (var field in Fields.Where(args.ContainsKey))
        {
            args[field] = Blank(field);
        }
    }

    private static void BlankResult(JsonObject result)
    {
        if (result["visit"] is JsonObject visit)
        {
            BlankVisit(visit);
        }

        if (result["conflicts"] is JsonArray conflicts)
        {
            foreach (var conflict in conflicts.OfType<JsonObject>()
                         .Where(c => c["field"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                                     && Fields.Contains(c["field"]!.GetValue<string>())))
            {
                conflict["serverValue"] = null;
            }
        }

        if (result["original"] is JsonObject original)
        {
            BlankResult(original);
        }
    }
}
