using System.Reflection;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.OpenApi;
using Reception.Sync.Apply;
using Reception.Sync.Wire;

namespace Reception.Web.Api;

internal static partial class OpenApiDocumentation
{
    public const string RetryAfter = "Retry-After";

    /// <summary>Every problem code, as <see cref="ProblemCodes"/> declares them: a new code is in the document at once.</summary>
    public static IReadOnlyList<string> AllProblemCodes { get; } =
    [
        .. typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    /// <summary>What each code means to a client, the status it comes with, and the only operations that answer it (null: any).</summary>
    private static readonly Dictionary<string, (int Status, string Meaning, string[]? Only)> Problems = new()
    {
        [ProblemCodes.BadRequest] = (400, "The request is malformed: a parameter or body member is missing or of the wrong shape (errors says which).", null),
        [ProblemCodes.BatchMalformed] = (400, "A push that cannot be read as a batch: no actions, or a null action. Nothing was stored; send the batch without the action at fault.", [PushOperation, PushOneOperation]),
        [ProblemCodes.FeedAhead] = (400, "since is ahead of the branch's feed (the server started over): pull again with since=0.", [PullOperation]),
        [ProblemCodes.Unauthenticated] = (401, "No credential, or one that is wrong, expired or revoked: sign in again.", null),
        [ProblemCodes.ForbiddenBranch] = (403, "A branch this credential may not use.", null),
        [ProblemCodes.ForbiddenAction] = (403, "An action this credential may not send (a kiosk only registers visitors); nothing in the push was applied.", null),
        [ProblemCodes.ForbiddenRole] = (403, "Something this credential's role may not do, or a disabled login.", null),
        [ProblemCodes.ClientNotYours] = (403, "An action's clientId belongs to another login or device. Nothing was touched; give each device its own clientId (a new random GUID) and number its actions from 1.", [PushOperation, PushOneOperation]),
        [ProblemCodes.NotFound] = (404, "No such branch, or nothing at this path.", null),
        [ProblemCodes.MethodNotAllowed] = (405, "The path does not take this method; the Allow header lists those it takes.", null),
        [ProblemCodes.BatchTooLarge] = (413, $"More than {PushActionsHandler.MaxActions} actions in a push, or a body larger than the endpoint takes: send less at a time.", null),
        [ProblemCodes.UnsupportedMediaType] = (415, "The body is not JSON: send Content-Type: application/json.", null),
        [ProblemCodes.RateLimited] = (429, "Too many requests from this client (or sign-ins from this address): wait Retry-After seconds, then send again.", null),
        [ProblemCodes.Internal] = (500, "What the server did not expect: try again later.", null),
        [ProblemCodes.Unavailable] = (503, "The database cannot be reached. Nothing was stored: send the same request again after Retry-After seconds (applied actions come back as duplicates, never applied twice).", null),
    };

    // The operation ids (endpoint names) of SyncApi.
    private const string PushOperation = "Push";
    private const string PushOneOperation = "PushOne";
    private const string PullOperation = "Pull";

    private static string ProblemSchemaName(int status) =>
        status == StatusCodes.Status400BadRequest ? "HttpValidationProblemDetails" : "ProblemDetails";

    /// <summary>The problem details every error under /api carries (ApiProblems.Customize): its code and the code's type URI.</summary>
    private sealed class DescribeProblems : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
            {
                var problem = Schema(document, name);
                problem.Description = "RFC 9457 problem details. Decide by code (or type); title and detail are for people.";
                foreach (var member in new[] { "type", "title", "status", "detail", "instance" })
                {
                    problem.Properties![member] = NotNull(problem.Properties[member]);
                }

                var type = Member(problem, "type");
                type.Format = "uri-reference";
                type.Enum = Values(AllProblemCodes.Select(ProblemCodes.TypeOf));
                type.Description = "/problems/{code}, relative to the server: one URI per code.";
                Member(problem, "title").Description =
                    "The HTTP status's reason phrase, or a short summary, in the caller's language (Accept-Language).";
                Member(problem, "detail").Description =
                    "What is wrong and what to do about it, for a person to read, in the caller's language (Accept-Language).";
                problem.Properties!["detailCode"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = Values(ProblemDetailCodes.All),
                    Description = "Which problem exactly, when the server worded the detail itself; stable, whatever language " +
                                  "the words are in. A client words it as its catalog's problems.{detailCode} with detailArgs.",
                };
                problem.Properties["detailArgs"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    AdditionalProperties = new OpenApiSchema(),
                    Description = "The values the detail names, by name (text or a number).",
                };
                problem.Properties!["code"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Enum = Values(AllProblemCodes),
                    Description = "What kind of refusal this is; stable, whatever language the words are in:\n\n" +
                                  string.Join("\n", AllProblemCodes.Select(c => $"- `{c}` ({Status(c)}): {Meaning(c)}")),
                    Extensions = new Dictionary<string, IOpenApiExtension>
                    {
                        ["x-enumDescriptions"] = new JsonNodeExtension(new JsonObject(
                            AllProblemCodes.Select(c => KeyValuePair.Create(c, (JsonNode?)JsonValue.Create(Meaning(c)))))),
                    },
                };
                problem.Properties["traceId"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "Identifies the request in the server's logs: quote it when reporting a problem.",
                };
                if (name == "HttpValidationProblemDetails")
                {
                    Member(problem, "errors").Description =
                        "What is wrong with each field (a body member by its JSON path, or a parameter), in the caller's language (Accept-Language).";
                    problem.Properties[ApiProblems.ErrorCodes] = new OpenApiSchema
                    {
                        Type = JsonSchemaType.Object,
                        AdditionalProperties = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Array,
                            Items = new OpenApiSchema { Type = JsonSchemaType.String, Enum = Values(ProblemDetailCodes.Fields) },
                        },
                        Description = "Each field of errors with the code of its error, entry for entry; stable, whatever language errors " +
                                      "is in. A client words it as its catalog's problems.{code}.",
                    };
                }

                problem.Required = new HashSet<string> { "type", "title", "status", "code", "traceId" };
            }

            return Task.CompletedTask;
        }

        private static string Status(string code) => Problems.TryGetValue(code, out var p) ? p.Status.ToString() : "?";

        private static string Meaning(string code) => Problems.TryGetValue(code, out var p) ? p.Meaning : "";
    }

    /// <summary>
    /// Every operation's refusals: the codes each status carries, Retry-After on 429 and 503, and the
    /// 503 itself (every operation reads the database, if only to check the credential), and 413 where
    /// the endpoint limits its body.
    /// </summary>
    private sealed class DescribeRefusals : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            operation.Responses ??= [];
            Ensure(operation, StatusCodes.Status503ServiceUnavailable, context.Document);
            var limit = context.Description.ActionDescriptor.EndpointMetadata.OfType<MaxBodySize>().LastOrDefault();
            if (limit is not null)
            {
                Ensure(operation, StatusCodes.Status413PayloadTooLarge, context.Document);
            }

            foreach (var (key, response) in operation.Responses)
            {
                if (response is not OpenApiResponse r || !int.TryParse(key, out var status) || status < 400)
                {
                    continue;
                }

                var codes = Problems
                    .Where(p => p.Value.Status == status && (p.Value.Only is null || p.Value.Only.Contains(operation.OperationId)))
                    .Select(p => $"`{p.Key}`").ToList();
                r.Description = (codes.Count == 0 ? Phrase(status) : $"{Phrase(status)}: problem details with code {string.Join(" or ", codes)}.")
                                + (status == StatusCodes.Status413PayloadTooLarge && limit is not null ? $" The body may hold at most {Size(limit.Bytes)}." : "");
                if (status is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
                {
                    r.Headers ??= new Dictionary<string, IOpenApiHeader>();
                    r.Headers[RetryAfter] = new OpenApiHeaderReference(RetryAfter, context.Document);
                }
            }

            return Task.CompletedTask;
        }

        private static void Ensure(OpenApiOperation operation, int status, OpenApiDocument? document)
        {
            var key = status.ToString();
            if (!operation.Responses!.ContainsKey(key))
            {
                operation.Responses[key] = new OpenApiResponse
                {
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference(ProblemSchemaName(status), document) },
                    },
                };
            }
        }

        private static string Size(long bytes) => bytes % (1024 * 1024) == 0 ? $"{bytes / (1024 * 1024)} MiB" : $"{bytes / 1024} KiB";

        // As ApiProblems titles them (RFC 9110 renamed 413).
        private static string Phrase(int status) =>
            status == StatusCodes.Status413PayloadTooLarge ? "Content Too Large" : ReasonPhrases.GetReasonPhrase(status);
    }
}
