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

        var (status, why, errors) = Describe(bad, context);
        ApiLog.BadRequest(logger, context.Request.Method, context.Request.Path, status);
        var problem = errors is null ? new ProblemDetails() : ApiProblems.Invalid(context, errors);
        problem.Status = status;
        if (why is null)
        {
            // The framework's remaining messages name the problem plainly and carry no stack trace.
            problem.Detail = bad.Message;
        }

        problem.Because(why);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static (int Status, ProblemDetail? Why, Dictionary<string, ProblemDetail>? Errors) Describe(BadHttpRequestException bad, HttpContext context)
    {
        if (bad.InnerException is JsonException json)
        {
            return (StatusCodes.Status400BadRequest, JsonWords.Detail(json), new() { [json.Path is { Length: > 0 } p ? p : "$"] = JsonWords.Field(json) });
        }

        if (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (bad.StatusCode, ApiProblems.TooLarge(context), null);
        }

        if (BindFailure().Match(bad.Message) is { Success: true } m)
        {
            var name = m.Groups["name"].Value;
            var kind = JsonWords.Kind(m.Groups["type"].Value);
            return (StatusCodes.Status400BadRequest,
                ProblemDetail.Of(ProblemDetailCodes.ParameterType, ("name", name), (ProblemDetailCodes.ExpectedArgument, kind),
                    ("value", Shorten(m.Groups["value"].Value))),
                new() { [name] = ProblemDetail.Of(ProblemDetailCodes.FieldType, (ProblemDetailCodes.ExpectedArgument, kind)) });
        }

        return MissingBody().IsMatch(bad.Message)
            ? (StatusCodes.Status400BadRequest, ProblemDetail.Of(ProblemDetailCodes.BodyMissing), null)
            : (bad.StatusCode, null, null);
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    [GeneratedRegex("^Failed to bind parameter \"(?<type>.+) (?<name>\\w+)\" from \"(?<value>.*)\"\\.$", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    [GeneratedRegex("no body was provided|was not provided from body")]
    private static partial Regex MissingBody();
}
