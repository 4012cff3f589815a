using System.Text.Json;
using System.Text.RegularExpressions;
using Reception.Sync.Wire;

namespace Reception.Web.Api;

/// <summary>
/// What is wrong with a JSON value that did not bind, in words rather than .NET type names: the
/// same words for a REST body (<see cref="ApiExceptionHandler"/>) and a hub call's arguments.
/// </summary>
public static partial class JsonWords
{
    /// <summary>What is wrong with the value at the failure's path ("must be a whole number"), as a code and its values.</summary>
    public static ProblemDetail Field(JsonException json) => Read(json) switch
    {
        (true, null) => ProblemDetail.Of(ProblemDetailCodes.FieldNotUnicode),
        (_, { } kind) => ProblemDetail.Of(ProblemDetailCodes.FieldType, (ProblemDetailCodes.ExpectedArgument, kind)),
        _ => ProblemDetail.Of(ProblemDetailCodes.FieldNotJson, ("error", Reader(json))),
    };

    /// <summary>What is wrong with a request body that did not bind, as a detail code and its values (worded in the caller's language at the edge).</summary>
    public static ProblemDetail Detail(JsonException json)
    {
        var path = json.Path is { Length: > 0 } p ? p : "$";
        var (line, position) = ((json.LineNumber ?? 0) + 1, (json.BytePositionInLine ?? 0) + 1);
        return Read(json) switch
        {
            (true, null) => ProblemDetail.Of(ProblemDetailCodes.BodyNotUnicode, ("path", path), ("line", line), ("position", position)),
            (_, { } kind) => ProblemDetail.Of(ProblemDetailCodes.BodyShape, ("path", path), (ProblemDetailCodes.ExpectedArgument, kind),
                ("line", line), ("position", position)),
            _ => ProblemDetail.Of(ProblemDetailCodes.BodyNotJson, ("error", Reader(json)), ("line", line), ("position", position)),
        };
    }

    /// <summary>Whether the text could not be decoded, or else the kind of value expected (null: the JSON itself is broken).</summary>
    private static (bool NotUnicode, string? Kind) Read(JsonException json)
    {
        // A string that cannot be decoded (a lone surrogate escape, bytes that are not UTF-8) fails as if it were of the wrong type.
        if (json.InnerException is InvalidOperationException { Message: var reason } && reason.Contains("UTF", StringComparison.Ordinal))
        {
            return (true, null);
        }

        return (false, ConversionFailure().Match(Reader(json)) is { Success: true } m ? Kind(m.Groups["type"].Value) : null);
    }

    /// <summary>The JSON reader's own message without its location.</summary>
    private static string Reader(JsonException json)
    {
        var message = json.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut < 0) cut = message.IndexOf(" LineNumber: ", StringComparison.Ordinal);
        return (cut >= 0 ? message[..cut] : message).TrimEnd('.');
    }

    /// <summary>The kind of value a .NET type takes (one of <see cref="ProblemDetailCodes.Expectations"/>).</summary>
    public static string Kind(string clrType) => clrType switch
    {
        _ when clrType.Contains("Guid", StringComparison.Ordinal) => "id",
        _ when clrType.Contains("Int64", StringComparison.Ordinal) || clrType.Contains("Int32", StringComparison.Ordinal)
               || clrType is "long" or "int" or "long?" or "int?" => "number",
        _ when clrType.Contains("DateTime", StringComparison.Ordinal) => "time",
        _ when clrType.Contains("Boolean", StringComparison.Ordinal) || clrType is "bool" or "bool?" => "boolean",
        _ when clrType.Contains("List", StringComparison.Ordinal) || clrType.EndsWith("[]", StringComparison.Ordinal) => "list",
        _ when clrType is "System.String" or "string" or "string?" => "text",
        _ => "object",
    };

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\.?$")]
    private static partial Regex ConversionFailure();
}
