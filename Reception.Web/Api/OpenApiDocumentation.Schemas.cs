using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Sync.Feed;
using Reception.Sync.Merge;
using Reception.Sync.Wire;
using ActionResult = Reception.Sync.Wire.ActionResult;

namespace Reception.Web.Api;

internal static partial class OpenApiDocumentation
{
    /// <summary>
    /// What the server writes. A member it always writes is required (and nullable only where its
    /// type is); one it leaves out when null is optional, and never null when present.
    /// </summary>
    private static readonly Type[] Written =
    [
        typeof(PushResponse), typeof(ActionResult), typeof(ConflictDto), typeof(PullResponse), typeof(ChangeDto),
        typeof(NotificationDto), typeof(Snapshot), typeof(VisitDto), typeof(FieldVersionsDto), typeof(ServiceDto),
        typeof(DeskDto), typeof(QueueResponse), typeof(TokenResponse),
    ];

    /// <summary>The HTTP-style code each result status carries (docs/protocol.md, "Results").</summary>
    private static readonly (string Status, int Code)[] ResultCodes =
    [
        (ResultStatus.Applied, StatusCodes.Status200OK), (ResultStatus.Duplicate, StatusCodes.Status200OK),
        (ResultStatus.Conflict, StatusCodes.Status409Conflict), (ResultStatus.Rejected, StatusCodes.Status422UnprocessableEntity),
        (ResultStatus.Deferred, StatusCodes.Status202Accepted),
    ];

    private static IEnumerable<string> VisitStatuses => Enum.GetValues<VisitStatus>().Select(StatusNames.Of);

    private static IEnumerable<string> EditableFields => Enum.GetValues<VisitField>().Select(FieldNames.Of);

    private sealed class DescribeWireSchemas(IOptions<JsonOptions> json) : IOpenApiDocumentTransformer
    {
        public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
        {
            foreach (var type in Written)
            {
                RequireWhatIsWritten(Schema(document, type.Name), json.Value.SerializerOptions.GetTypeInfo(type));
            }

            DescribeResults(document);
            DescribeVisits(document);
            DescribeRequests(document);
            return Task.CompletedTask;
        }

        private static void RequireWhatIsWritten(OpenApiSchema schema, JsonTypeInfo type)
        {
            schema.Required ??= new HashSet<string>();
            foreach (var property in type.Properties)
            {
                if (schema.Properties?.TryGetValue(property.Name, out var member) != true)
                {
                    continue;
                }

                if (OmittedWhenNull(property))
                {
                    schema.Required.Remove(property.Name);
                    schema.Properties[property.Name] = NotNull(member!);
                }
                else
                {
                    schema.Required.Add(property.Name);
                }
            }
        }

        private static bool OmittedWhenNull(JsonPropertyInfo property) =>
            property.AttributeProvider?.GetCustomAttributes(typeof(JsonIgnoreAttribute), inherit: true)
                .OfType<JsonIgnoreAttribute>().Any(a => a.Condition == JsonIgnoreCondition.WhenWritingNull) == true;

        private static void DescribeResults(OpenApiDocument document)
        {
            var result = Schema(document, nameof(ActionResult));
            result.Description = "The one result of one action.";
            Member(result, "mutationId").Description = "The action's mutationId.";
            Member(result, "status").Enum = Values(ResultStatus.All);
            var code = Member(result, "code");
            code.Enum = [.. ResultCodes.Select(c => c.Code).Distinct().Order().Select(c => (JsonNode)JsonValue.Create(c))];
            code.Description = "The HTTP-style code of the status: " +
                               string.Join(", ", ResultCodes.Select(c => $"{c.Code} {c.Status}")) + ".";
            Describe(result, "version", "applied: the visit's version after the action.");
            Describe(result, "visit", "applied: the visit as it now is; conflict: the server's current visit.");
            Describe(result, "reason",
                "For a person to read: why (rejected, conflict), or what happened (deferred; an applied callNext that found no one waiting). " +
                "In the caller's language (Accept-Language) over REST; clients that show it word reasonCode instead.");
            Describe(result, "reasonCode",
                "The machine-readable code of the reason, present whenever reason is; stable in every language. Decide by it, " +
                "never by the reason's words, and word it as the catalog's reasons.{reasonCode} with reasonArgs.");
            Member(result, "reasonCode").Enum = Values(ReasonCodes.All);
            Describe(result, "reasonArgs",
                "The values the reason's sentence names, by name (text or a number), when it needs any: " +
                "for example {\"ticket\": \"A-012\"}.");
            Describe(result, "conflicts", "conflict: what collided with what the server holds.");
            Describe(result, "original", "duplicate: the result the action got the first time.");
            Describe(result, "expectedMutationId",
                "rejected because the mutationId skips ahead or was used for another action: the id the server expects next from " +
                "this client. Nothing was stored; renumber the outbox from it.");

            var conflict = Schema(document, nameof(ConflictDto));
            Member(conflict, "field").Enum = Values([.. EditableFields, "status"]);
            Describe(conflict, "serverValue", "The server's value of the field (for status, the visit's status).");
            Describe(conflict, "serverVersion", "The version that set the server's value.");
            Describe(conflict, "by", "Who made the change that set the server's value: the login or API client name.");
            Describe(conflict, "byDesk", "The desk of the login that made it, when it has one (\"Desk 1 changed the phone first\").");

            var pull = Schema(document, nameof(PullResponse));
            pull.Description = "Either the changes after since (fromVersion and changes) or, for since=0 or a version older than " +
                               "the feed keeps, a snapshot of the branch. hasMore says to pull again from toVersion.";
            Describe(pull, "toVersion", "The version this answer brings the client to: pull from it next time.");
        }

        private static void DescribeVisits(OpenApiDocument document)
        {
            var visit = Schema(document, nameof(VisitDto));
            Member(visit, "status").Enum = Values(VisitStatuses);
            Priority(Member(visit, "priority"));
            Describe(visit, "version", "The change-feed version of the visit's last change.");
            Describe(visit, "fieldVersions", "Per editable field, the version that last set it: send them back as base.fields.");
            Describe(visit, "reinstatedAt",
                "When a no-show or cancelled visit was last put back in the queue (reinstate), else null: it stands in line from then, not from arrivedAt.");
            Describe(Schema(document, nameof(ChangeDto)), "deskId",
                "The desk of the login that made the change; null for a manager, an admin or an API client (by names them).");

            Member(Schema(document, nameof(NotificationDto)), "kind").Enum = Values(NotificationKinds.All);
        }

        /// <summary>
        /// What a client must send. A required member is never null; an optional one may be sent as
        /// null, which the server takes as left out (serializers that write every member do).
        /// </summary>
        private static void DescribeRequests(OpenApiDocument document)
        {
            var push = Schema(document, nameof(PushRequest));
            push.Required = new HashSet<string> { "branch", "actions" };
            Branch(push);
            var actions = (OpenApiSchema)(push.Properties!["actions"] = NotNull(push.Properties["actions"]));
            actions.MinItems = 1;
            actions.MaxItems = PushActionsHandler.MaxActions;
            actions.Description = $"Applied in order, each exactly once; at most {PushActionsHandler.MaxActions}.";
            Describe(push, "sentAt",
                "Your clock when sending (optional). With a callNext's args.queuedAt it tells how long the callNext waited, whatever your clock's offset.");

            var one = Schema(document, nameof(SingleActionRequest));
            one.Required = new HashSet<string> { "branch", "action" };
            Branch(one);
            one.Properties!["action"] = NotNull(one.Properties["action"]);

            var token = Schema(document, nameof(TokenRequest));
            token.Required = new HashSet<string> { "username", "password" };
            foreach (var name in token.Required)
            {
                var member = (OpenApiSchema)(token.Properties![name] = NotNull(token.Properties[name]));
                member.MinLength = 1;
                member.MaxLength = TokenApi.MaxCredentialLength;
            }
        }

        private static void Branch(OpenApiSchema request)
        {
            var branch = (OpenApiSchema)(request.Properties!["branch"] = NotNull(request.Properties["branch"]));
            branch.MinLength = 1;
            branch.Description = "The branch's slug, such as demo.";
        }
    }

    /// <summary>Query parameters as the handlers check them: every read names its branch, and since is a version.</summary>
    private sealed class DescribeParameters : IOpenApiOperationTransformer
    {
        public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
        {
            foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
            {
                var schema = parameter.Schema as OpenApiSchema;
                switch (parameter.Name)
                {
                    case "branch":
                        parameter.Required = true;
                        parameter.Description = "The branch's slug, such as demo.";
                        schema?.MinLength = 1;
                        break;
                    case "since":
                        parameter.Description = "The version the client holds: the changes after it. 0 (or a version older than the feed keeps) answers a snapshot.";
                        schema?.Minimum = "0";
                        break;
                }
            }

            return Task.CompletedTask;
        }
    }

    private static void Priority(OpenApiSchema priority)
    {
        // ActionParser accepts exactly these.
        priority.Enum = [JsonValue.Create(0), JsonValue.Create(1)];
        priority.Description = "0 normal, 1 high.";
    }

    private static OpenApiSchema Schema(OpenApiDocument document, string name) =>
        document.Components?.Schemas?.TryGetValue(name, out var schema) == true && schema is OpenApiSchema s
            ? s
            : throw new InvalidOperationException($"The document has no schema {name}.");

    private static OpenApiSchema Member(OpenApiSchema schema, string name) =>
        schema.Properties?.TryGetValue(name, out var member) == true && member is OpenApiSchema s
            ? s
            : throw new InvalidOperationException($"The schema has no inline member {name}.");

    private static void Describe(OpenApiSchema schema, string name, string description)
    {
        switch (schema.Properties?[name])
        {
            case OpenApiSchema s: s.Description = description; break;
            case OpenApiSchemaReference r: r.Description = description; break;
        }
    }

    /// <summary>The schema without null: the framework writes <c>oneOf [null, $ref]</c> or <c>type [null, …]</c> for a nullable member.</summary>
    private static IOpenApiSchema NotNull(IOpenApiSchema member)
    {
        switch (member)
        {
            case OpenApiSchema { OneOf: { Count: 2 } oneOf } when oneOf.Any(IsNull):
                return oneOf.Single(s => !IsNull(s));
            case OpenApiSchema { Type: { } type } s when type.HasFlag(JsonSchemaType.Null):
                s.Type = type & ~JsonSchemaType.Null;
                return s;
            default:
                return member;
        }

        static bool IsNull(IOpenApiSchema s) => s is OpenApiSchema { Type: JsonSchemaType.Null };
    }

    private static List<JsonNode> Values(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)JsonValue.Create(v))];
}
