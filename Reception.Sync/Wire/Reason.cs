using System.Globalization;
using System.Text.RegularExpressions;

namespace Reception.Sync.Wire;

/// <summary>
/// Why a result is what it is, as the machine knows it: a stable code (<see cref="ReasonCodes"/>)
/// and the values its sentence needs. People read it worded from the catalog (<c>reasons.{code}</c>)
/// in their language; <see cref="English"/> is the sentence for clients that read no codes.
/// </summary>
public sealed record Reason(string Code, IReadOnlyDictionary<string, object>? Args = null)
{
    public static Reason Of(string code, params (string Name, object Value)[] args) =>
        new(code, args.Length == 0 ? null : args.ToDictionary(a => a.Name, a => Plain(a.Value)));

    public string English => Fill(ReasonCodes.English[Code], Args);

    public override string ToString() => English;

    /// <summary>A template's <c>{name}</c>s filled with <paramref name="args"/> (numbers in invariant digits).</summary>
    internal static string Fill(string template, IReadOnlyDictionary<string, object>? args) =>
        args is null
            ? template
            : Placeholder.Replace(template, m => args.TryGetValue(m.Groups[1].Value, out var v)
                ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? ""
                : m.Value);

    /// <summary>On the wire an argument is text or a number: ids and other values travel as text.</summary>
    internal static object Plain(object value) => value switch
    {
        int or long or string => value,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    private static readonly Regex Placeholder = new(@"\{([A-Za-z]+)\}", RegexOptions.Compiled);
}
