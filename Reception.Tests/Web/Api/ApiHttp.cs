using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

/// <summary>What a legacy integrator does over HTTP: get a credential, send JSON, read results and problems.</summary>
internal static class ApiHttp
{
    /// <summary>Every server call gets one, so that a hung request fails the test instead of stalling the run.</summary>
    public static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    public static HttpClient ClientWith(this ReceptionApp app, string? bearer)
    {
        var client = app.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    public static async Task<HttpResponseMessage> RequestTokenAsync(this ReceptionApp app, string username, string password)
    {
        using var client = app.CreateClient();
        return await client.PostAsJsonAsync("/api/v1/auth/token", new { username, password }, Timeout());
    }

    public static async Task<string> TokenAsync(this ReceptionApp app, string username, string password = ReceptionApp.DemoPassword)
    {
        var response = await app.RequestTokenAsync(username, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Timeout());
        return body.GetProperty("accessToken").GetString()!;
    }

    /// <summary>A new API client of the branch, as an administrator would create it; returns the key shown once.</summary>
    public static async Task<string> AddApiKeyAsync(this ReceptionApp app, Guid branchId, string name = "legacy-test", bool active = true)
    {
        var key = ApiKeys.Generate();
        await app.WithDbAsync(async db =>
        {
            db.ApiClients.Add(new ApiClient
            {
                Id = Guid.NewGuid(), BranchId = branchId, Name = name, KeyHash = ApiKeys.Hash(key), IsActive = active,
                CreatedAt = DateTime.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        return key;
    }

    public static Task<HttpResponseMessage> PushAsync(this HttpClient client, string branch, params SyncAction[] actions) =>
        client.PostAsJsonAsync("/api/v1/sync/push", new PushRequest { Branch = branch, Actions = actions }, WireJson.Options, Timeout());

    public static Task<HttpResponseMessage> PushOneAsync(this HttpClient client, string branch, SyncAction action) =>
        client.PostAsJsonAsync("/api/v1/sync/actions", new { branch, action }, WireJson.Options, Timeout());

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), Timeout());

    public static async Task<IReadOnlyList<ActionResult>> ResultsAsync(this HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, await Describe(response));
        var body = await response.Content.ReadFromJsonAsync<PushResponse>(WireJson.Options, Timeout());
        return body!.Results;
    }

    public static async Task<T> BodyAsync<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        Assert.True(response.StatusCode == expected, await Describe(response));
        return (await response.Content.ReadFromJsonAsync<T>(WireJson.Options, Timeout()))!;
    }

    /// <summary>Asserts an RFC 9457 problem with the status and a detail a person can act on, and returns it.</summary>
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(response.StatusCode == expected, await Describe(response));
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Timeout());
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        var detail = problem.GetProperty("detail").GetString();
        Assert.False(string.IsNullOrWhiteSpace(detail));
        Assert.DoesNotContain("   at ", detail); // no stack trace
        Assert.DoesNotContain("System.", detail); // no .NET type names
        return problem;
    }

    public static string Detail(this JsonElement problem) => problem.GetProperty("detail").GetString()!;

    private static async Task<string> Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}";
}
