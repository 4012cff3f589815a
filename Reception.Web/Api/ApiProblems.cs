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
            type: ProblemCodes.TypeOf(problem.Code), extensions: Codes(problem.Code, problem.Why));

    /// <summary>A problem of <paramref name="status"/> whose detail is <paramref name="why"/> (worded in the caller's language by <see cref="Customize"/>).</summary>
    public static ProblemHttpResult Problem(int status, ProblemDetail why) =>
        TypedResults.Problem(statusCode: status, detail: why.English, extensions: Codes(null, why));

    /// <summary>The problem details member naming each field's error by code (one of <see cref="ProblemDetailCodes.Fields"/>), as errors words it.</summary>
    public const string ErrorCodes = "errorCodes";

    /// <summary>A validation problem: each field's error worded in the caller's language under errors, its code under errorCodes; <paramref name="why"/> its detail.</summary>
    public static ValidationProblem Invalid(HttpContext http, IReadOnlyDictionary<string, ProblemDetail> errors, ProblemDetail why)
    {
        var extensions = Codes(null, why);
        extensions[ErrorCodes] = ErrorCodesOf(errors);
        return TypedResults.ValidationProblem(Words(http, errors), detail: why.English, extensions: extensions);
    }

    /// <inheritdoc cref="Invalid(HttpContext, IReadOnlyDictionary{string, ProblemDetail}, ProblemDetail)"/>
    public static HttpValidationProblemDetails Invalid(HttpContext http, IReadOnlyDictionary<string, ProblemDetail> errors) =>
        new(Words(http, errors)) { Extensions = { [ErrorCodes] = ErrorCodesOf(errors) } };

    private static Dictionary<string, string[]> Words(HttpContext http, IReadOnlyDictionary<string, ProblemDetail> errors) =>
        errors.ToDictionary(e => e.Key, e => new[] { ProblemWords.Say(e.Value, http) });

    private static Dictionary<string, string[]> ErrorCodesOf(IReadOnlyDictionary<string, ProblemDetail> errors) =>
        errors.ToDictionary(e => e.Key, e => new[] { e.Value.Code });

    /// <summary>Sets <paramref name="why"/> as the problem's detail: its English, and its codes to word it by.</summary>
    public static ProblemDetails Because(this ProblemDetails problem, ProblemDetail? why)
    {
        if (why is not null)
        {
            problem.Detail = why.English;
            foreach (var (name, value) in Codes(null, why))
            {
                problem.Extensions[name] = value;
            }
        }

        return problem;
    }

    /// <summary>The members a client decides by: the problem's code, and which detail (with its values).</summary>
    private static Dictionary<string, object?> Codes(string? code, ProblemDetail? why)
    {
        var members = new Dictionary<string, object?>();
        if (code is not null)
        {
            members["code"] = code;
        }

        if (why is not null)
        {
            members[ProblemWords.DetailCode] = why.Code;
            if (why.Args is { } args)
            {
                members[ProblemWords.DetailArgs] = args;
            }
        }

        return members;
    }

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

    public static ProblemHttpResult NoRole() => Problem(StatusCodes.Status403Forbidden, ProblemDetail.Of(ProblemDetailCodes.NoRole));

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
        ProblemWords.Word(problem, context.HttpContext);
    }

    public static ProblemDetail TooLarge(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<MaxBodySize>()?.Bytes;
        var size = limit switch
        {
            { } l when l % (1024 * 1024) == 0 => $"{l / (1024 * 1024)} MiB",
            { } l => $"{l / 1024} KiB",
            null => "size",
        };
        return ProblemDetail.Of(limit == SyncApi.MaxPushBytes ? ProblemDetailCodes.PushTooLarge : ProblemDetailCodes.BodyTooLarge,
            ("size", size));
    }

    /// <summary>Bodies for the answers that the framework sends empty: 401, 403, 404, 405 and the like.</summary>
    public static async Task WriteStatusCodeAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var why = AuthFailure.Of(http) ?? Utf8Body.RefusalOf(http) ?? (status switch
            {
                StatusCodes.Status401Unauthorized => ProblemDetail.Of(ProblemDetailCodes.NoCredential),
                StatusCodes.Status403Forbidden => ProblemDetail.Of(ProblemDetailCodes.NotAllowed),
                StatusCodes.Status404NotFound => ProblemDetail.Of(ProblemDetailCodes.NoSuchPath, ("path", http.Request.Path.Value ?? "")),
                StatusCodes.Status405MethodNotAllowed => ProblemDetail.Of(ProblemDetailCodes.WrongMethod,
                    ("path", http.Request.Path.Value ?? ""), ("method", http.Request.Method)),
                StatusCodes.Status413PayloadTooLarge => TooLarge(http),
                StatusCodes.Status415UnsupportedMediaType => ProblemDetail.Of(ProblemDetailCodes.NotJson),
                _ => null,
            });
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status }.Because(why),
        });
    }

    private sealed class ResultAsAction(IResult result) : IActionResult
    {
        public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
    }
}
