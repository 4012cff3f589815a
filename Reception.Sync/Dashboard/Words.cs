using System.Globalization;
using System.Text.RegularExpressions;

namespace Reception.Sync.Dashboard;

/// <summary>
/// A sentence or phrase of the conflicts page as the machine knows it: a code (<see cref="ConflictCodes"/>)
/// and its arguments, each text, a number or another <see cref="Words"/>. Pages word it from the
/// catalog (<c>conflicts.{code}</c>) in the reader's language; <see cref="English"/> is the engine's own.
/// </summary>
public sealed partial record Words(string Code, IReadOnlyDictionary<string, object>? Args = null)
{
    public static Words Of(string code, params (string Name, object? Value)[] args) =>
        new(code, args.Length == 0 ? null : args.ToDictionary(a => a.Name, a => a.Value ?? ""));

    public string English => Fill(ConflictCodes.English[Code], Args);

    public override string ToString() => English;

    private static string Fill(string template, IReadOnlyDictionary<string, object>? args) =>
        args is null
            ? template
            : Placeholder().Replace(template, m => args.TryGetValue(m.Groups[1].Value, out var v)
                ? v is Words words ? words.English : Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""
                : m.Value);

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
