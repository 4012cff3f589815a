using System.Net;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using Reception.Tests.Web.Api;

namespace Reception.Tests.Web.Pages;

/// <summary>
/// A person's browser that meets an unknown address or a refusal gets Reception's own page with the real
/// status code and a way back; REST clients and the pages' scripts keep getting problem details.
/// </summary>
public sealed class StatusPageTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private ReceptionApp App => fixture.App;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    /// <summary>As a browser asks: Accept text/html, redirects not followed.</summary>
    private async Task<HttpClient> BrowserAsync(string? role, CancellationToken ct)
    {
        var http = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        http.DefaultRequestHeaders.Add("Accept", "text/html,application/xhtml+xml,*/*;q=0.8");
        if (role is not null)
        {
            var branch = role == Roles.Admin ? null : await TestBranch.CreateAsync(App);
            var login = await TestLogin.CreateAsync(App, branch, role, role == Roles.Desk ? branch!.Desk1 : null);
            http.DefaultRequestHeaders.Add("Cookie", await login.CookieAsync(App, ct));
        }

        return http;
    }

    [Theory]
    [InlineData(null, "/login", "Sign in")]
    [InlineData(Roles.Desk, "/desk", "Back to your desk")]
    [InlineData(Roles.Manager, "/dashboard", "Back to the dashboard")]
    [InlineData(Roles.Admin, "/admin", "Back to administration")]
    public async Task AnUnknownAddressShowsReceptionsNotFoundPageWithAWayHome(string? role, string home, string text)
    {
        var ct = Timeout();
        using var http = await BrowserAsync(role, ct);

        using var response = await http.GetAsync("/no-such-page", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("<title>Page not found · Reception</title>", html);
        Assert.Contains("<code translate=\"no\" dir=\"ltr\">/no-such-page</code>", html);
        Assert.Contains($"<a class=\"way-back\" href=\"{home}\">{text}</a>", html);
    }

    [Theory]
    [InlineData(Roles.Desk, "/desk")]
    [InlineData(Roles.Manager, "/dashboard")]
    public async Task TheJobsDashboardRefusingALoginShowsReceptionsNotAllowedPage(string role, string home)
    {
        var ct = Timeout();
        using var http = await BrowserAsync(role, ct);

        using var response = await http.GetAsync("/hangfire", ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("<h1>Not allowed</h1>", html);
        Assert.Contains($"href=\"{home}\"", html);
        Assert.DoesNotContain("Reception background retries", html);
    }

    [Fact]
    public async Task TheJobsDashboardAsksSomeoneSignedOutToSignInAndComeBack()
    {
        var ct = Timeout();
        using var http = await BrowserAsync(null, ct);

        using var response = await http.GetAsync("/hangfire", ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains("<h1>Sign in first</h1>", html);
        Assert.Contains("<a class=\"way-back\" href=\"/login?ReturnUrl=%2Fhangfire\">Sign in</a>", html);
    }

    [Fact]
    public async Task AnUnknownApiAddressStillAnswersProblemDetails()
    {
        var ct = Timeout();
        using var http = await BrowserAsync(null, ct);

        using var response = await http.GetAsync("/api/v1/nope", ct);

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AScriptAskingForJsonAtAnUnknownAddressStillGetsProblemDetails()
    {
        var ct = Timeout();
        using var http = App.CreateClient(new() { AllowAutoRedirect = false });
        http.DefaultRequestHeaders.Add("Accept", "application/json");

        using var response = await http.GetAsync("/no-such-page", ct);

        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TheStatusPageOpenedDirectlyIsItselfNotFound()
    {
        var ct = Timeout();
        using var http = await BrowserAsync(null, ct);

        using var response = await http.GetAsync("/status/500", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("<code translate=\"no\" dir=\"ltr\">/status/500</code>", await response.Content.ReadAsStringAsync(ct));
    }
}
