using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Reception.Web.Api;

/// <summary>
/// /openapi/v1.json: every /api/v1 endpoint, described as exactly as the wire is, so that a generated
/// client needs no hand-written types: what is always present, what may be null, enums and limits,
/// each action type's args, and every refusal with its code and Retry-After.
/// </summary>
/// <remarks>
/// The request types bind leniently on purpose (nullable members, args as raw JSON), so that a wrong
/// request gets a 400 or 422 that says what is wrong; the document states what a client must send.
/// The transformers edit the finished components, where each schema has its final name.
/// </remarks>
internal static partial class OpenApiDocumentation
{
    public const string SchemeName = "Bearer";

    public static IServiceCollection AddReceptionOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.ShouldInclude = d => d.RelativePath?.StartsWith("api/v1/", StringComparison.Ordinal) == true;
            o.AddOperationTransformer<RequireBearer>();
            o.AddOperationTransformer<DescribeRefusals>();
            o.AddOperationTransformer<DescribeParameters>();
            o.AddOperationTransformer<AddExamples>();
            o.AddDocumentTransformer<DescribeDocument>();
            o.AddDocumentTransformer<DescribeWireSchemas>();
            o.AddDocumentTransformer<DescribeProblems>();
            o.AddDocumentTransformer<DescribeActions>();
        });

    private sealed class DescribeDocument : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            document.Info = new OpenApiInfo
            {
                Title = "Reception API",
                Version = "v1",
                Description =
                    "REST for legacy clients: the same actions, results and change feed as the browser client. " +
                    "Errors are RFC 9457 problem details whose `code` a client decides by (their `type` is `/problems/{code}`). " +
                    "Limits: 500 actions and 1 MiB per push; requests per client are rate limited (429 with Retry-After). " +
                    "When the database is briefly away, any operation answers 503 with Retry-After and nothing was stored: send the same request again.",
            };
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT or API key",
                Description = "An access token from POST /api/v1/auth/token, or the branch's API key (rk_…).",
            };
            document.Components.Headers ??= new Dictionary<string, IOpenApiHeader>();
            document.Components.Headers[RetryAfter] = new OpenApiHeader
            {
                Description = "How many seconds to wait before sending the request again.",
                Required = true,
                Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" },
            };
            return Task.CompletedTask;
        }
    }

    private sealed class RequireBearer : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            var metadata = context.Description.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
            {
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(SchemeName, context.Document)] = [],
                });
            }

            return Task.CompletedTask;
        }
    }
}
