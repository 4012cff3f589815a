using System.Net;
using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Reception.Tests.Web.Api;

namespace Reception.Tests.Web.Dashboard;

/// <summary>
/// The JSON the pages' scripts fetch (the dashboard's figures, the desk's waits) refuses as the REST API
/// does: RFC 9457 problem details with the same "code" and type, never a page or a redirect.
/// </summary>
public sealed class DashboardJsonProblemTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private ReceptionApp App => fixture.App;

    private static string Figures(string slug) => $"/dashboard?handler=figures&branch={Uri.EscapeDataString(slug)}";

    private static string Waits(string slug) => $"/waits/{Uri.EscapeDataString(slug)}";

    /// <summary>As dashboard.js and waits.js fetch: the login's cookie, Accept: application/json, redirects not followed.</summary>
    private async Task<HttpClient> ScriptAsync(TestLogin? login, CancellationToken ct)
    {
        var http = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        http.DefaultRequestHeaders.Add("Accept", "application/json");
        if (login is not null)
        {
            http.DefaultRequestHeaders.Add("Cookie", await login.CookieAsync(App, ct));
        }

        return http;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.ProblemAsync(status);
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(ProblemCodes.TypeOf(code), problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task TheDashboardsFiguresRefuseWithProblemDetailsAndTheirCodes()
    {
        var ct = ApiHttp.Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var other = await TestBranch.CreateAsync(App);
        using var manager = await ScriptAsync(await TestLogin.CreateAsync(App, branch, Roles.Manager), ct);
        using var desk = await ScriptAsync(await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1), ct);
        using var signedOut = await ScriptAsync(null, ct);

        Assert.Equal(HttpStatusCode.OK, (await manager.GetAsync(Figures(branch.Slug), ct)).StatusCode);
        await AssertProblemAsync(await manager.GetAsync(Figures(other.Slug), ct), HttpStatusCode.Forbidden, ProblemCodes.ForbiddenBranch);
        await AssertProblemAsync(await manager.GetAsync(Figures("nowhere"), ct), HttpStatusCode.NotFound, ProblemCodes.NotFound);
        await AssertProblemAsync(await desk.GetAsync(Figures(branch.Slug), ct), HttpStatusCode.Forbidden, ProblemCodes.ForbiddenRole);
        await AssertProblemAsync(await signedOut.GetAsync(Figures(branch.Slug), ct), HttpStatusCode.Unauthorized, ProblemCodes.Unauthenticated);
    }

    [Fact]
    public async Task TheDesksWaitsRefuseWithProblemDetailsAndTheirCodes()
    {
        var ct = ApiHttp.Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var other = await TestBranch.CreateAsync(App);
        using var desk = await ScriptAsync(await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk1), ct);
        using var signedOut = await ScriptAsync(null, ct);

        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync(Waits(branch.Slug), ct)).StatusCode);
        await AssertProblemAsync(await desk.GetAsync(Waits(other.Slug), ct), HttpStatusCode.Forbidden, ProblemCodes.ForbiddenBranch);
        await AssertProblemAsync(await desk.GetAsync(Waits("nowhere"), ct), HttpStatusCode.NotFound, ProblemCodes.NotFound);
        var expired = await signedOut.GetAsync(Waits(branch.Slug), ct);
        await AssertProblemAsync(expired, HttpStatusCode.Unauthorized, ProblemCodes.Unauthenticated);
        Assert.Contains("sign in again", await expired.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task APersonOpeningTheDashboardSignedOutIsStillSentToTheLoginPage()
    {
        var ct = ApiHttp.Timeout();
        var branch = await TestBranch.CreateAsync(App);
        using var browser = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        browser.DefaultRequestHeaders.Add("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");

        var response = await browser.GetAsync($"/dashboard?branch={branch.Slug}", ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location?.PathAndQuery);
    }
}
