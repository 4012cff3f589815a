using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

/// <summary>
/// The served /openapi/v1.json as JSON Schema (2020-12, which OpenAPI 3.1 schemas are): checks that a
/// JSON value, a real request or answer, is what the document says.
/// </summary>
internal sealed class OpenApiSchemas
{
    private readonly JsonObject _document;
    private readonly string _defs;

    private OpenApiSchemas(string json)
    {
        _document = JsonNode.Parse(json)!.AsObject();
        // Component references become local definitions of one self-contained schema.
        _defs = _document["components"]!["schemas"]!.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal);
    }

    public JsonObject Document => _document;

    public static async Task<OpenApiSchemas> LoadAsync(ReceptionApp app)
    {
        using var http = app.CreateClient();
        return new OpenApiSchemas(await http.GetStringAsync("/openapi/v1.json", ApiHttp.Timeout()));
    }

    /// <summary>The schema's errors for the value: none when the value is what the schema says.</summary>
    public IReadOnlyList<string> Errors(JsonNode schema, JsonElement value)
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = $"https://reception.test/openapi/{Guid.NewGuid():N}",
            ["$defs"] = JsonNode.Parse(_defs),
        };
        foreach (var (key, member) in JsonNode.Parse(schema.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal))!.AsObject())
        {
            root[key] = member?.DeepClone();
        }

        var results = JsonSchema.FromText(root.ToJsonString())
            .Evaluate(value, new EvaluationOptions { OutputFormat = OutputFormat.List });
        // The list names every failing branch, those of a oneOf that another branch satisfies too.
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")).Take(40)];
    }

    public IReadOnlyList<string> Errors(string schemaName, JsonElement value) =>
        Errors(new JsonObject { ["$ref"] = $"#/components/schemas/{schemaName}" }, value);

    /// <summary>The documented schema of an operation's answer with this status and media type.</summary>
    public JsonNode Response(string path, string method, int status, string mediaType)
    {
        var responses = Operation(path, method)["responses"]!;
        var response = responses[status.ToString()] ?? throw new Xunit.Sdk.XunitException($"{method} {path} does not document {status}.");
        return response["content"]?[mediaType]?["schema"]
               ?? throw new Xunit.Sdk.XunitException($"{method} {path} documents {status} without {mediaType}.");
    }

    public JsonNode Request(string path, string method) =>
        Operation(path, method)["requestBody"]!["content"]!["application/json"]!["schema"]!;

    public JsonNode Operation(string path, string method) =>
        _document["paths"]?[path]?[method] ?? throw new Xunit.Sdk.XunitException($"The document has no {method} {path}.");

    /// <summary>Asserts that a real answer is documented for its operation and is what the document says.</summary>
    public async Task AssertAnswerAsync(string path, string method, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(ApiHttp.Timeout());
        var schema = Response(path, method, (int)response.StatusCode, response.Content.Headers.ContentType!.MediaType!);
        using var json = JsonDocument.Parse(body);
        var errors = Errors(schema, json.RootElement);
        Assert.True(errors.Count == 0, $"{method} {path} answered {(int)response.StatusCode} that the document does not describe:\n" +
                                       string.Join("\n", errors) + "\n" + body);
    }

    /// <summary>Asserts that a request body is what the document says the operation takes.</summary>
    public void AssertRequest(string path, string method, string json)
    {
        using var body = JsonDocument.Parse(json);
        var errors = Errors(Request(path, method), body.RootElement);
        Assert.True(errors.Count == 0, $"The document refuses a request the server takes:\n{string.Join("\n", errors)}\n{json}");
    }
}
