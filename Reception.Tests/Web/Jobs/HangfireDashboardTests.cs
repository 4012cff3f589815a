using System.Net;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Jobs;

/// <summary>/hangfire shows every branch's jobs and their arguments: admins only.</summary>
public sealed class HangfireDashboardTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private ReceptionApp App => fixture.App;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private async Task<HttpResponseMessage> GetAsSignedInAsync(string role, string path, CancellationToken ct)
    {
        var branch = role == Roles.Admin ? null : await TestBranch.CreateAsync(App);
        var login = await TestLogin.CreateAsync(App, branch, role, role == Roles.Desk ? branch!.Desk1 : null);
        using var http = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        http.DefaultRequestHeaders.Add("Cookie", await login.CookieAsync(App, ct));
        return await http.GetAsync(path, ct);
    }

    [Theory]
    [InlineData("/hangfire")]
    [InlineData("/hangfire/jobs/enqueued")]
    public async Task AnAdminSeesTheJobsDashboard(string path)
    {
        var ct = Timeout();

        using var response = await GetAsSignedInAsync(Roles.Admin, path, ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Reception background retries", await response.Content.ReadAsStringAsync(ct));
    }

    [Theory]
    [InlineData(Roles.Manager, "/hangfire")]
    [InlineData(Roles.Manager, "/hangfire/jobs/enqueued")]
    [InlineData(Roles.Manager, "/hangfire/stats")]
    [InlineData(Roles.Desk, "/hangfire")]
    public async Task AManagerOrADeskIsRefusedTheJobsDashboard(string role, string path)
    {
        var ct = Timeout();

        using var response = await GetAsSignedInAsync(role, path, ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain("Reception background retries", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task SomeoneNotSignedInIsRefusedTheJobsDashboard()
    {
        using var http = App.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await http.GetAsync("/hangfire", Timeout());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
