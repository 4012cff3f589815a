using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Reception.Tests.Infrastructure;
using Reception.Web.Infrastructure;

namespace Reception.Tests.Web.Infrastructure;

/// <summary>The app on a real Kestrel socket: the in-memory test server never sends a Server header, Kestrel does.</summary>
public sealed class KestrelAppFixture : IAsyncLifetime
{
    // The port through configuration, as in BrowserApp: a Listen in code would override the default address with a warning.
    public ReceptionApp App { get; } = new(Provider.Sqlite, new Dictionary<string, string?> { ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0" });

    public Uri BaseAddress { get; private set; } = null!;

    public Task InitializeAsync()
    {
        App.UseKestrel();
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.First());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed partial class SecurityHeadersTests(KestrelAppFixture fixture) : IClassFixture<KestrelAppFixture>
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? bearer = null, string? json = null)
    {
        using var http = new HttpClient { BaseAddress = fixture.BaseAddress };
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await http.SendAsync(request, Timeout());
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";

    [Theory]
    [InlineData("GET", "/login", false, null, HttpStatusCode.OK)]                                   // a page
    [InlineData("GET", "/api/v1/branches/demo/queue", true, null, HttpStatusCode.OK)]             // the API
    [InlineData("GET", "/api/v1/branches/demo/queue", false, null, HttpStatusCode.Unauthorized)]  // its problem details
    [InlineData("POST", "/api/v1/auth/token", false, "{", HttpStatusCode.BadRequest)]             // written by the exception handler
    [InlineData("GET", "/css/site.css", false, null, HttpStatusCode.OK)]                          // a static file
    [InlineData("GET", "/no-such-page", false, null, HttpStatusCode.NotFound)]
    public async Task EveryKindOfResponseCarriesTheSecurityHeadersAndNoServerHeader(string method, string path, bool withKey, string? json,
        HttpStatusCode status)
    {
        using var response = await SendAsync(new HttpMethod(method), path, withKey ? ReceptionApp.DemoApiKey : null, json);

        Assert.Equal(status, response.StatusCode);
        var policy = Header(response, "Content-Security-Policy");
        Assert.Equal(SecurityHeaders.Policy, policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("style-src 'self';", policy);
        Assert.Contains("object-src 'none'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.False(response.Headers.Contains("Server"), $"Server: {Header(response, "Server")}");
    }

    [Theory]
    [InlineData("/display/demo?token=not-a-token")]
    [InlineData("/display/no-such-branch")]
    public async Task TheDisplayScreenSendsNoReferrerSoItsTokenStaysInItsAddress(string path)
    {
        using var response = await SendAsync(HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("no-referrer", Header(response, "Referrer-Policy"));
        Assert.Equal(SecurityHeaders.Policy, Header(response, "Content-Security-Policy"));
    }

    [Fact]
    public async Task TheApiReferenceAllowsOnlyItsOwnInlineScriptByAFreshNonce()
    {
        using var first = await SendAsync(HttpMethod.Get, "/api/docs/");
        using var second = await SendAsync(HttpMethod.Get, "/api/docs/");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var policy = Header(first, "Content-Security-Policy");
        var nonce = Nonce().Match(policy).Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"script-src 'self' 'nonce-{nonce}';", policy);
        Assert.DoesNotContain("unsafe-eval", policy);
        var html = await first.Content.ReadAsStringAsync(Timeout());
        Assert.All(ScriptTags().Matches(html), tag => Assert.Contains($"nonce=\"{nonce}\"", tag.Value));
        Assert.NotEqual(nonce, Nonce().Match(Header(second, "Content-Security-Policy")).Groups[1].Value);
    }

    [Theory]
    [InlineData("/hangfire", true)]
    [InlineData("/hangfire/jobs/enqueued", true)]
    [InlineData("/hangfire-lookalike", false)]
    public async Task OnlyTheJobsDashboardAllowsInlineStyles(string path, bool relaxed)
    {
        using var response = await SendAsync(HttpMethod.Get, path);

        var policy = Header(response, "Content-Security-Policy");
        Assert.Equal(relaxed ? SecurityHeaders.HangfirePolicy : SecurityHeaders.Policy, policy);
        Assert.Contains("script-src 'self';", policy);
    }

    [GeneratedRegex(@"'nonce-([^']+)'")]
    private static partial Regex Nonce();

    [GeneratedRegex(@"<script\b[^>]*>")]
    private static partial Regex ScriptTags();
}
