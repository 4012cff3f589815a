using System.Net;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Pages.Dashboard;

/// <summary>The dashboard page's answers over HTTP, with a manager's login cookie, on each provider.</summary>
public abstract class DashboardPageTests(ReceptionApp app)
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private async Task<(HttpStatusCode Status, string Html)> GetAsync(string cookie, string path, CancellationToken ct)
    {
        using var http = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "Cookie", cookie } } };
        var response = await http.SendAsync(request, ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task ABranchTheManagerMayNotSeeIs403WithTheReasonAndTheirOwnIs200()
    {
        var ct = Timeout();
        var own = await TestBranch.CreateAsync(app);
        var other = await TestBranch.CreateAsync(app);
        var cookie = await (await TestLogin.CreateAsync(app, own, Roles.Manager)).CookieAsync(app, ct);

        var refused = await GetAsync(cookie, $"/dashboard?branch={other.Slug}", ct);
        var unknown = await GetAsync(cookie, "/dashboard?branch=no-such-branch", ct);
        var allowed = await GetAsync(cookie, $"/dashboard?branch={own.Slug}", ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Contains($"may not use branch &#x27;{other.Slug}&#x27;", refused.Html);
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.Contains("There is no branch", unknown.Html);
        Assert.Equal(HttpStatusCode.OK, allowed.Status);
        Assert.Contains("id=\"dashboard\"", allowed.Html);
    }
}

public sealed class SqliteDashboardPageTests(SqliteAppFixture fixture) : DashboardPageTests(fixture.App), IClassFixture<SqliteAppFixture>;

public sealed class PostgresDashboardPageTests(PostgresAppFixture fixture) : DashboardPageTests(fixture.App), IClassFixture<PostgresAppFixture>;
