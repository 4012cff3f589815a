using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

public sealed class OpenApiTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private readonly ReceptionApp _app = fixture.App;

    private async Task<string> DocumentAsync()
    {
        using var http = _app.CreateClient();
        var response = await http.GetAsync("/openapi/v1.json", ApiHttp.Timeout());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(ApiHttp.Timeout());
    }

    [Fact]
    public async Task TheDocumentIsOpenApi3AndListsEveryApiEndpointWithItsMethod()
    {
        using var document = JsonDocument.Parse(await DocumentAsync());
        var root = document.RootElement;

        Assert.StartsWith("3.", root.GetProperty("openapi").GetString());
        var documented = root.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(m => $"{m.Name.ToUpperInvariant()} {p.Name}"))
            .Order().ToList();
        var mapped = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {e.RoutePattern.RawText}"))
            .Order().ToList();
        Assert.Equal(
            ["GET /api/v1/branches/{branch}/queue", "GET /api/v1/sync/pull", "POST /api/v1/auth/token", "POST /api/v1/sync/actions", "POST /api/v1/sync/push"],
            documented);
        Assert.Equal(mapped, documented);
    }

    [Fact]
    public async Task EveryOperationHasSchemasStatusCodesAndTheBearerSchemeWhereACredentialIsNeeded()
    {
        using var document = JsonDocument.Parse(await DocumentAsync());
        var root = document.RootElement;
        var paths = root.GetProperty("paths");

        var scheme = root.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer");
        Assert.Equal(("http", "bearer"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString()));
        foreach (var (path, method, body, statuses) in new[]
                 {
                     ("/api/v1/sync/push", "post", "PushRequest", new[] { "200", "400", "401", "403", "404", "413", "429", "503" }),
                     ("/api/v1/sync/actions", "post", "SingleActionRequest", ["200", "202", "400", "401", "403", "409", "413", "422", "429", "503"]),
                     ("/api/v1/sync/pull", "get", null, ["200", "400", "401", "403", "404", "429", "503"]),
                     ("/api/v1/branches/{branch}/queue", "get", null, ["200", "401", "403", "404", "429", "503"]),
                     ("/api/v1/auth/token", "post", "TokenRequest", ["200", "400", "401", "403", "413", "429", "503"]),
                 })
        {
            var operation = paths.GetProperty(path).GetProperty(method);
            var responses = operation.GetProperty("responses");
            Assert.All(statuses, s => Assert.True(responses.TryGetProperty(s, out _), $"{method} {path} documents {s}"));
            Assert.Contains("$ref", responses.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetRawText());
            if (body is not null)
            {
                var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
                Assert.Equal($"#/components/schemas/{body}", schema.GetProperty("$ref").GetString());
            }

            var secured = operation.TryGetProperty("security", out var security) && security.GetRawText().Contains("Bearer");
            Assert.Equal(path != "/api/v1/auth/token", secured);
        }

        var schemas = root.GetProperty("components").GetProperty("schemas");
        foreach (var name in new[] { "ActionResult", "ConflictDto", "VisitDto", "PullResponse", "ChangeDto", "QueueResponse", "ProblemDetails" })
        {
            Assert.True(schemas.TryGetProperty(name, out _), $"schema {name}");
        }
    }

    [Fact]
    public async Task TheDocumentValidatesWithTheOpenApiReader()
    {
        var result = OpenApiDocument.Parse(await DocumentAsync(), "json");

        Assert.Empty(result.Diagnostic?.Errors ?? []);
        Assert.NotNull(result.Document);
        Assert.Empty(result.Document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        Assert.Equal("Reception API", result.Document.Info.Title);
    }

    [Fact]
    public async Task APageRendersTheDocumentForPeople()
    {
        using var http = _app.CreateClient();

        var page = await http.GetStringAsync("/api/docs/", ApiHttp.Timeout());

        Assert.Contains("openapi/v1.json", page);
    }
}
