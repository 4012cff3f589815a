using System.Reflection;
using System.Text.Json.Nodes;
using Reception.Data.Model;
using Reception.Sync.Apply;
using Reception.Sync.Merge;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Web.Api;

namespace Reception.Tests.Web.Api;

/// <summary>
/// What /openapi/v1.json promises, item by item: required members, enums, each action type's args,
/// limits, the refusals every operation can answer (with Retry-After), problem codes, examples.
/// </summary>
public sealed class OpenApiContractTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private async Task<JsonObject> DocumentAsync() => (await OpenApiSchemas.LoadAsync(fixture.App)).Document;

    private static JsonObject Schema(JsonObject document, string name) =>
        document["components"]!["schemas"]![name]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"No schema {name}.");

    private static JsonObject Resolve(JsonObject document, JsonNode schema) =>
        schema["$ref"]?.GetValue<string>() is { } reference ? Schema(document, reference.Split('/')[^1]) : schema.AsObject();

    private static string[] Strings(JsonNode? array) => [.. (array?.AsArray() ?? []).Select(n => n!.GetValue<string>()).Order()];

    private static string[] Required(JsonNode schema) => Strings(schema["required"]);

    private static JsonNode Member(JsonNode schema, string name) =>
        schema["properties"]?[name] ?? throw new Xunit.Sdk.XunitException($"No member {name}.");

    private static bool Nullable(JsonNode member) =>
        member["type"] switch
        {
            JsonArray types => types.Any(t => t!.GetValue<string>() == "null"),
            JsonValue type => type.GetValue<string>() == "null",
            _ => member["oneOf"]?.AsArray().Any(s => s!["type"]?.GetValue<string>() == "null") == true,
        };

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonObject document) =>
        document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => (p.Key, m.Key, m.Value!.AsObject())));

    [Fact]
    public async Task ASyncActionRequiresItsClientIdMutationIdAndATypeFromTheListOfTypes()
    {
        var action = Schema(await DocumentAsync(), nameof(SyncAction));

        Assert.Equal(["clientId", "mutationId", "type"], Required(action));
        Assert.Equal(ActionTypes.All.Order(), Strings(Member(action, "type")["enum"]));
        Assert.False(Nullable(Member(action, "type")));
        Assert.Equal(1, Member(action, "mutationId")["minimum"]!.GetValue<int>());
        Assert.Equal("uuid", Member(action, "clientId")["format"]!.GetValue<string>());
    }

    [Fact]
    public async Task EachActionTypeHasItsOwnSchemaDiscriminatedByTypeWithItsArgsAndTheParsersLimits()
    {
        var document = await DocumentAsync();
        var action = Schema(document, nameof(SyncAction));

        var discriminator = action["discriminator"]!;
        Assert.Equal("type", discriminator["propertyName"]!.GetValue<string>());
        var mapping = discriminator["mapping"]!.AsObject().ToDictionary(m => m.Key, m => m.Value!.GetValue<string>());
        Assert.Equal(ActionTypes.All.Order(), mapping.Keys.Order());
        Assert.Equal(mapping.Values.Order(), action["oneOf"]!.AsArray().Select(s => s!["$ref"]!.GetValue<string>()).Order());

        var variants = mapping.ToDictionary(m => m.Key, m => Resolve(document, JsonNode.Parse($$"""{"$ref":"{{m.Value}}"}""")!));
        var args = variants.ToDictionary(v => v.Key, v => Resolve(document, Member(v.Value, "args")));
        foreach (var (type, variant) in variants)
        {
            Assert.Equal([type], Strings(Member(variant, "type")["enum"]));
            Assert.All(["clientId", "mutationId", "type"], m => Assert.Contains(m, Required(variant)));
            Assert.Equal(type != ActionTypes.CallNext, Required(variant).Contains("visitId"));
            Assert.False(args[type]["additionalProperties"]!.GetValue<bool>(), $"{type}'s args refuse members the parser does not know");
        }

        Assert.Equal("null", Member(variants[ActionTypes.CallNext], "visitId")["type"]!.GetValue<string>());
        Assert.Equal(["name", "serviceId"], Required(args[ActionTypes.Register]));
        Assert.Equal(["deskId"], Required(args[ActionTypes.CallNext]));
        Assert.All([ActionTypes.Call, ActionTypes.Recall, ActionTypes.StartService], t => Assert.Equal(["deskId"], Required(args[t])));
        Assert.Equal(["serviceId"], Required(args[ActionTypes.Transfer]));
        Assert.All([ActionTypes.Complete, ActionTypes.NoShow, ActionTypes.Cancel, ActionTypes.Requeue, ActionTypes.Reinstate], t =>
        {
            Assert.Empty(Required(args[t]));
            Assert.DoesNotContain("args", Required(variants[t]));
        });

        foreach (var type in new[] { ActionTypes.Register, ActionTypes.UpdateDetails })
        {
            Assert.Equal(ActionParser.MaxName, Member(args[type], "name")["maxLength"]!.GetValue<int>());
            Assert.Equal(1, Member(args[type], "name")["minLength"]!.GetValue<int>());
            Assert.Equal(ActionParser.MaxPhone, Member(args[type], "phone")["maxLength"]!.GetValue<int>());
            Assert.Equal(ActionParser.MaxNotes, Member(args[type], "notes")["maxLength"]!.GetValue<int>());
            Assert.Equal([0, 1], Member(args[type], "priority")["enum"]!.AsArray().Select(n => n!.GetValue<int>()));
        }

        Assert.Equal(ActionParser.MaxTicket, Member(args[ActionTypes.Register], "ticket")["maximum"]!.GetValue<int>());
        Assert.Equal(1, args[ActionTypes.UpdateDetails]["minProperties"]!.GetValue<int>());
        var editBase = Resolve(document, Member(variants[ActionTypes.UpdateDetails], "base"));
        Assert.Contains("base", Required(variants[ActionTypes.UpdateDetails]));
        Assert.Equal(["version"], Required(editBase));
        Assert.Equal(Enum.GetValues<VisitField>().Select(FieldNames.Of).Order(), Strings(Member(editBase, "fields")["propertyNames"]!["enum"]));
    }

    [Fact]
    public async Task VisitStatusResultStatusAndNotificationKindAreEnumsOfTheWireValues()
    {
        var document = await DocumentAsync();

        Assert.Equal(Enum.GetValues<VisitStatus>().Select(StatusNames.Of).Order(), Strings(Member(Schema(document, nameof(VisitDto)), "status")["enum"]));
        Assert.Equal(ResultStatus.All.Order(), Strings(Member(Schema(document, nameof(ActionResult)), "status")["enum"]));
        Assert.Equal([200, 202, 409, 422], Member(Schema(document, nameof(ActionResult)), "code")["enum"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(NotificationKinds.All.Order(), Strings(Member(Schema(document, nameof(NotificationDto)), "kind")["enum"]));
    }

    [Fact]
    public async Task AResultsReasonAndAProblemsDetailEachComeWithTheirCodeAndValues()
    {
        var document = await DocumentAsync();
        var result = Schema(document, nameof(ActionResult));

        Assert.Equal(ReasonCodes.All.Order(), Strings(Member(result, "reasonCode")["enum"]));
        Assert.Equal("object", Member(result, "reasonArgs")["type"]!.ToString());
        Assert.False(Nullable(Member(result, "reasonArgs")));
        Assert.Contains("reasons.{reasonCode}", Member(result, "reasonCode")["description"]!.GetValue<string>());
        foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            var problem = Schema(document, name);
            Assert.Equal(ProblemDetailCodes.All.Order(), Strings(Member(problem, "detailCode")["enum"]));
            Assert.Equal("object", Member(problem, "detailArgs")["type"]!.GetValue<string>());
            Assert.DoesNotContain("detailCode", Required(problem));
        }
    }

    [Fact]
    public async Task WhatTheServerAlwaysWritesIsRequiredAndOnlyWhatCanBeNullIsNullable()
    {
        var document = await DocumentAsync();

        // Every member the server writes is required, or else left out when null and so never null.
        foreach (var name in new[]
                 {
                     nameof(PushResponse), nameof(ActionResult), nameof(ConflictDto), nameof(PullResponse), nameof(ChangeDto),
                     nameof(NotificationDto), nameof(Snapshot), nameof(VisitDto), nameof(FieldVersionsDto), "ServiceDto", "DeskDto",
                     "QueueResponse", "TokenResponse",
                 })
        {
            var schema = Schema(document, name);
            Assert.All(schema["properties"]!.AsObject(), p =>
                Assert.True(Required(schema).Contains(p.Key) || !Nullable(p.Value!), $"{name}.{p.Key} is optional, so never null"));
        }

        var visit = Schema(document, nameof(VisitDto));
        Assert.Equal(visit["properties"]!.AsObject().Select(p => p.Key).Order(), Required(visit));
        Assert.False(Nullable(Member(visit, "id")));
        Assert.True(Nullable(Member(visit, "phone")));
        Assert.True(Nullable(Member(visit, "calledAt")));
        Assert.Equal(["code", "mutationId", "status"], Required(Schema(document, nameof(ActionResult))));
        Assert.False(Nullable(Member(Schema(document, nameof(ActionResult)), "expectedMutationId")));
        var pull = Schema(document, nameof(PullResponse));
        Assert.Equal(["branch", "hasMore", "notifications", "toVersion"], Required(pull));
        Assert.False(Nullable(Member(pull, "snapshot")));
        Assert.True(Nullable(Member(Schema(document, nameof(ChangeDto)), "clientId")), "a change the server made itself has no clientId");

        var token = Schema(document, nameof(TokenRequest));
        Assert.Equal(["password", "username"], Required(token));
        Assert.All(["username", "password"], m =>
        {
            Assert.False(Nullable(Member(token, m)));
            Assert.Equal(TokenApi.MaxCredentialLength, Member(token, m)["maxLength"]!.GetValue<int>());
        });
    }

    [Fact]
    public async Task APullNamesItsBranchFromANonNegativeVersionAndAPushHoldsOneTo500Actions()
    {
        var document = await DocumentAsync();

        var parameters = document["paths"]!["/api/v1/sync/pull"]!["get"]!["parameters"]!.AsArray().ToDictionary(p => p!["name"]!.GetValue<string>());
        Assert.True(parameters["branch"]!["required"]!.GetValue<bool>());
        Assert.False(Nullable(parameters["branch"]!["schema"]!));
        Assert.Equal(0, parameters["since"]!["schema"]!["minimum"]!.GetValue<int>());

        var push = Schema(document, nameof(PushRequest));
        Assert.Equal(["actions", "branch"], Required(push));
        Assert.Equal((1, PushActionsHandler.MaxActions),
            (Member(push, "actions")["minItems"]!.GetValue<int>(), Member(push, "actions")["maxItems"]!.GetValue<int>()));
        Assert.False(Nullable(Member(push, "actions")));
        Assert.Equal(["action", "branch"], Required(Schema(document, nameof(SingleActionRequest))));
    }

    [Fact]
    public async Task EveryOperationDocumentsTooManyRequestsAndDatabaseAwayWithRetryAfter()
    {
        var document = await DocumentAsync();

        var header = document["components"]!["headers"]!["Retry-After"]!;
        Assert.Equal(("integer", 1), (header["schema"]!["type"]!.GetValue<string>(), header["schema"]!["minimum"]!.GetValue<int>()));
        Assert.All(Operations(document), o =>
        {
            foreach (var status in new[] { "429", "503" })
            {
                var response = o.Operation["responses"]![status] ?? throw new Xunit.Sdk.XunitException($"{o.Method} {o.Path} documents no {status}");
                Assert.Equal("#/components/headers/Retry-After", response["headers"]!["Retry-After"]!["$ref"]!.GetValue<string>());
                Assert.NotNull(response["content"]!["application/problem+json"]!["schema"]);
            }
        });
    }

    [Fact]
    public async Task AProblemCarriesADocumentedCodeAndTheTypeUriOfThatCode()
    {
        var document = await DocumentAsync();
        var codes = typeof(ProblemCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order().ToArray();

        foreach (var name in new[] { "ProblemDetails", "HttpValidationProblemDetails" })
        {
            var problem = Schema(document, name);
            Assert.Equal(codes, Strings(Member(problem, "code")["enum"]));
            Assert.Equal(codes.Select(ProblemCodes.TypeOf).Order(), Strings(Member(problem, "type")["enum"]));
            Assert.All(["type", "title", "status", "code"], m => Assert.Contains(m, Required(problem)));
            var described = Member(problem, "code")["x-enumDescriptions"]!.AsObject();
            Assert.All(codes, c => Assert.False(string.IsNullOrWhiteSpace(described[c]?.GetValue<string>()), $"{c} is described"));
        }

        var pull = document["paths"]!["/api/v1/sync/pull"]!["get"]!["responses"]!;
        Assert.Contains($"`{ProblemCodes.FeedAhead}`", pull["400"]!["description"]!.GetValue<string>());
        Assert.Contains($"`{ProblemCodes.ForbiddenBranch}`", pull["403"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public async Task PushPullAndTheSingleActionShowAnExampleRequestAndAnswer()
    {
        var paths = (await DocumentAsync())["paths"]!;

        Assert.NotNull(paths["/api/v1/sync/push"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]);
        Assert.NotNull(paths["/api/v1/sync/push"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["example"]);
        Assert.NotNull(paths["/api/v1/sync/actions"]!["post"]!["requestBody"]!["content"]!["application/json"]!["example"]);
        Assert.All(["200", "202", "409", "422"], s =>
            Assert.NotNull(paths["/api/v1/sync/actions"]!["post"]!["responses"]![s]!["content"]!["application/json"]!["example"]));
        var pull = paths["/api/v1/sync/pull"]!["get"]!;
        Assert.All(pull["parameters"]!.AsArray(), p => Assert.NotNull(p!["example"]));
        Assert.NotNull(pull["responses"]!["200"]!["content"]!["application/json"]!["example"]);
    }
}
