using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Reception.Sync.Wire;
using Reception.Web.Auth;

namespace Reception.Web.Api;

/// <summary>RFC 9457 problem details for every error under /api, each with a detail a person can act on.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult AsProblem(this SyncProblem problem) =>
        TypedResults.Problem(statusCode: problem.Status, title: problem.Title, detail: problem.Detail,
            type: ProblemCodes.TypeOf(problem.Code), extensions: new Dictionary<string, object?> { ["code"] = problem.Code });

    /// <summary>The same problem details for a page handler that answers the browser's scripts with JSON.</summary>
    public static IActionResult AsActionResult(this SyncProblem problem) => new ResultAsAction(problem.AsProblem());

    /// <summary>
    /// A request of a page's script for JSON (fetch with <c>Accept: application/json</c>), not a page a
    /// person opens: its errors are problem details too, and a sign-in that ended is a 401, not a redirect.
    /// </summary>
    public static bool AsksForJson(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
               && !accept.Any(a => a.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
    }

    public static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, detail: detail);

    public static ProblemHttpResult NoRole() => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden,
        detail: "This credential has no Reception role (Desk, Manager, Admin or API client).");

    /// <summary>Fills what the framework leaves out: a type for every status, and a readable title.</summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;

        // Every problem carries a code a client decides by (the engine's own, or one for its status),
        // and its type is that code's URI.
        if (!problem.Extensions.TryGetValue("code", out var code) || code is not string)
        {
            code = ProblemCodes.ForStatus(problem.Status ?? StatusCodes.Status500InternalServerError);
            problem.Extensions["code"] = code;
        }

        problem.Type = ProblemCodes.TypeOf((string)code);
        // The phrases the framework's own problems carry (RFC 9110's "Content Too Large" for 413), so a
        // client sees one title per status whichever part of the server answered.
        problem.Title ??= problem.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => "Content Too Large",
            { } s => ReasonPhrases.GetReasonPhrase(s),
            null => null,
        };
    }

    public static string TooLargeDetail(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<MaxBodySize>()?.Bytes;
        var size = limit switch
        {
            { } l when l % (1024 * 1024) == 0 => $"{l / (1024 * 1024)} MiB",
            { } l => $"{l / 1024} KiB",
            null => "size",
        };
        return limit == SyncApi.MaxPushBytes
            ? $"The request body is larger than the {size} a push may hold (and at most 500 actions): split it into smaller batches."
            : $"The request body is larger than the {size} this endpoint accepts.";
    }

    /// <summary>Bodies for the answers that the framework sends empty: 401, 403, 404, 405 and the like.</summary>
    public static async Task WriteStatusCodeAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var detail = AuthFailure.DetailOf(http) ?? Utf8Body.RefusalOf(http) ?? status switch
        {
            StatusCodes.Status401Unauthorized => AuthFailure.NoCredential,
            StatusCodes.Status403Forbidden => AuthFailure.NotAllowed,
            StatusCodes.Status404NotFound =>
                $"There is nothing at {http.Request.Path}. The API is described at /openapi/v1.json.",
            StatusCodes.Status405MethodNotAllowed =>
                $"{http.Request.Path} does not take {http.Request.Method}; the Allow header lists what it takes.",
            StatusCodes.Status413PayloadTooLarge => TooLargeDetail(http),
            StatusCodes.Status415UnsupportedMediaType => "Send the body as JSON, with Content-Type: application/json.",
            _ => null,
        };
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = { Status = status, Detail = detail },
        });
    }

    private sealed class ResultAsAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
