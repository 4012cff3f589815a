using System.Text.Json;
using Reception.Sync.Dashboard;

namespace Reception.Web.Languages;

/// <summary>
/// What a person is told of a refusal or a conflict, as catalog messages: a reason (<c>reasons.{code}</c>)
/// whose field arguments (<c>field</c>, <c>fields</c>: the engine's field codes, "phone" or "name, phone")
/// are worded as the conflicts words name fields ("Telefon", "Name und Telefon"), so no field's code
/// shows inside a sentence in any language; and the conflicts' own words (<c>conflicts.{code}</c>).
/// The REST wording (ProblemWords) and the conflicts page both word reasons here.
/// </summary>
public static class ReasonMessages
{
    /// <summary>The reason's message; null for a code the catalog does not have.</summary>
    public static Message? Of(string? code, IReadOnlyDictionary<string, object>? args) =>
        code is not null && Texts.English.ContainsKey("reasons." + code) ? new Message("reasons." + code, Args(args)) : null;

    /// <summary>
    /// A conflict's words as the catalog's message <c>conflicts.{code}</c>, its arguments that are words
    /// messages too: a page writes it in the reader's language, and again in place when they pick another.
    /// </summary>
    public static Message Of(Words words) =>
        new("conflicts." + words.Code, words.Args?.ToDictionary(a => a.Key, a => a.Value is Words inner ? Of(inner) : a.Value));

    private static Dictionary<string, object>? Args(IReadOnlyDictionary<string, object>? args) =>
        args?.ToDictionary(a => a.Key, a => a.Key switch
        {
            "field" when Text(a.Value) is { } field => Worded(ProblemWords.FieldName(field)),
            "fields" when Text(a.Value) is { } fields => Worded(ProblemWords.JoinAnd(
                fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(ProblemWords.FieldName))),
            _ => a.Value,
        });

    // Arguments read back from a stored result are JSON.
    private static string? Text(object value) => value switch
    {
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => null,
    };

    private static object Worded(object value) => value is Words words ? Of(words) : value;
}
