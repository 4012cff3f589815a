using System.Text.Json;
using System.Text.RegularExpressions;

namespace Reception.Web.Api;

/// <summary>
/// What is wrong with a JSON value that did not bind, in words rather than .NET type names: the
/// same words for a REST body (<see cref="ApiExceptionHandler"/>) and a hub call's arguments.
/// </summary>
public static partial class JsonWords
{
    /// <summary>"must be a whole number", "is not Unicode text …", or the reader's own message without its location.</summary>
    public static string Describe(JsonException json)
    {
        // A string that cannot be decoded (a lone surrogate escape, bytes that are not UTF-8) fails as if it were of the wrong type.
        if (json.InnerException is InvalidOperationException { Message: var reason } && reason.Contains("UTF", StringComparison.Ordinal))
        {
            return "is not Unicode text (it holds half of a UTF-16 surrogate pair, such as \\ud800, or bytes that are not UTF-8)";
        }

        var message = json.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        if (cut >= 0) message = message[..cut];
        if (ConversionFailure().Match(message) is { Success: true } m)
        {
            return $"must be {Expected(m.Groups["type"].Value)}";
        }

        return message.TrimEnd('.');
    }

    /// <summary>True for what <see cref="Describe"/> says of a value of the wrong type or text, as opposed to JSON that is not JSON.</summary>
    public static bool IsAboutAValue(string what) =>
        what.StartsWith("must be", StringComparison.Ordinal) || what.StartsWith("is not Unicode", StringComparison.Ordinal);

    public static string Expected(string clrType) => clrType switch
    {
        _ when clrType.Contains("Guid", StringComparison.Ordinal) => "an id (a GUID such as 3f2b8c1e-9d4a-4c1e-8f00-0a1b2c3d4e5f)",
        _ when clrType.Contains("Int64", StringComparison.Ordinal) || clrType.Contains("Int32", StringComparison.Ordinal)
               || clrType is "long" or "int" or "long?" or "int?" => "a whole number",
        _ when clrType.Contains("DateTime", StringComparison.Ordinal) => "an ISO-8601 time such as 2026-11-24T09:30:00Z",
        _ when clrType.Contains("Boolean", StringComparison.Ordinal) || clrType is "bool" or "bool?" => "true or false",
        _ when clrType.Contains("List", StringComparison.Ordinal) || clrType.EndsWith("[]", StringComparison.Ordinal) => "a list (a JSON array)",
        _ when clrType is "System.String" or "string" or "string?" => "text (a JSON string)",
        _ => "an object (a JSON object)",
    };

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\.?$")]
    private static partial Regex ConversionFailure();
}
