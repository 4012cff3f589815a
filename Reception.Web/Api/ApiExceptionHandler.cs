using Reception.Data;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Reception.Web.Api;

/// <summary>
/// Turns the framework's binding failures (malformed JSON, JSON of the wrong shape, a query value
/// of the wrong type, a body too large) into 4xx problem details that say what is wrong and where,
/// instead of the framework's type names or an empty 400; and a transient database failure into
/// 503 with Retry-After. Anything else stays a 500.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return false;
        }

        if (TransientFailures.IsTransient(exception))
        {
            ApiLog.Transient(logger, exception, context.Request.Method, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails =
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Detail = "The database is briefly unavailable. Send the same request again in a few seconds: actions already applied are recognised as duplicates, never applied twice.",
                },
            });
        }

        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }

        var (status, detail, errors) = Describe(bad, context);
        ApiLog.BadRequest(logger, context.Request.Method, context.Request.Path, status);
        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = status;
        problem.Detail = detail;
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (int Status, string Detail, Dictionary<string, string[]>? Errors) Describe(BadHttpRequestException bad, HttpContext context)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 0 } p ? p : "$";
            var what = DescribeJson(json);
            var at = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
            var detail = what.StartsWith("must be", StringComparison.Ordinal)
                ? $"The request body has the wrong shape: {path} {what}{at}."
                : $"The request body is not valid JSON: {what}{at}.";
            return (StatusCodes.Status400BadRequest, detail, new() { [path] = [what] });
        }

        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (bad.StatusCode, ApiProblems.TooLargeDetail(context), null);
        }

        if (BindFailure().Match(bad.Message) is { Success: true } m)
        {
            var name = m.Groups["name"].Value;
            return (StatusCodes.Status400BadRequest,
                $"The parameter '{name}' must be {Expected(m.Groups["type"].Value)}; '{Shorten(m.Groups["value"].Value)}' is not.",
                new() { [name] = [$"must be {Expected(m.Groups["type"].Value)}"] });
        }

        if (MissingBody().IsMatch(bad.Message))
        {
            return (StatusCodes.Status400BadRequest,
                "The request has no body: send a JSON object with Content-Type: application/json.", null);
        }

        // The framework's remaining messages name the problem plainly and carry no stack trace.
        return (bad.StatusCode, bad.Message, null);
    }

    /// <summary>What is wrong, in words rather than .NET type names.</summary>
    private static string DescribeJson(JsonException json)
    {
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

    private static string Expected(string clrType) => clrType switch
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

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex(@"^The JSON value could not be converted to (?<type>.+?)\.?$")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>\\w+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("no body was provided|was not provided from body")]
    private static partial Regex MissingBody();
}
