using Reception.Data;
using Reception.Sync.Wire;
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
                ProblemDetails = new ProblemDetails { Status = StatusCodes.Status503ServiceUnavailable }
                    .Because(ProblemDetail.Of(ProblemDetailCodes.DatabaseBusy)),
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
        if (status == StatusCodes.Status413PayloadTooLarge)
        {
            problem.Because(ApiProblems.TooLarge(context));
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (int Status, string Detail, Dictionary<string, string[]>? Errors) Describe(BadHttpRequestException bad, HttpContext context)
    {
        if (bad.InnerException is JsonException json)
        {
            var path = json.Path is { Length: > 0 } p ? p : "$";
            var what = JsonWords.Describe(json);
            var at = json.LineNumber is { } line ? $" (line {line + 1}, position {json.BytePositionInLine + 1})" : "";
            var detail = JsonWords.IsAboutAValue(what)
                ? $"The request body has the wrong shape: {path} {what}{at}."
                : $"The request body is not valid JSON: {what}{at}.";
            return (StatusCodes.Status400BadRequest, detail, new() { [path] = [what] });
        }

        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (bad.StatusCode, ApiProblems.TooLarge(context).English, null);
        }

        if (BindFailure().Match(bad.Message) is { Success: true } m)
        {
            var name = m.Groups["name"].Value;
            return (StatusCodes.Status400BadRequest,
                $"The parameter '{name}' must be {JsonWords.Expected(m.Groups["type"].Value)}; '{Shorten(m.Groups["value"].Value)}' is not.",
                new() { [name] = [$"must be {JsonWords.Expected(m.Groups["type"].Value)}"] });
        }

        if (MissingBody().IsMatch(bad.Message))
        {
            return (StatusCodes.Status400BadRequest,
                "The request has no body: send a JSON object with Content-Type: application/json.", null);
        }

        // The framework's remaining messages name the problem plainly and carry no stack trace.
        return (bad.StatusCode, bad.Message, null);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>\\w+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("no body was provided|was not provided from body")]
    private static partial Regex MissingBody();
}
