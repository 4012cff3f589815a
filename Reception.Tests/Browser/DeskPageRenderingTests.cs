using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Browser;

/// <summary>The /desk page's server side (who gets which desk, the first paint), without a browser.</summary>
public sealed partial class DeskPageRenderingTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private ReceptionApp App => fixture.App;

    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private async Task<HttpResponseMessage> GetAsync(TestLogin? login, string url, CancellationToken ct)
    {
        using var http = App.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (login is not null) request.Headers.Add("Cookie", await login.CookieAsync(App, ct));
        return await http.SendAsync(request, ct);
    }

    [Fact]
    public async Task ADeskLoginGetsItsOwnDeskWithTheQueueRenderedAndVisitorTextEncoded()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var client = new TestClient(App, branch);
        await client.PushOneAsync(client.Register(Guid.NewGuid(), branch.General, "</script><script>alert(1)</script>"));
        var desk = await TestLogin.CreateAsync(App, branch, Roles.Desk, branch.Desk2);

        var response = await GetAsync(desk, "/desk?desk=" + branch.Desk1, ct);   // a desk cannot pick another
        var html = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1 translate=\"no\">Desk 2</h1>", html);
        Assert.Contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.DoesNotContain("<script>alert(1)", html);
        var config = JsonDocument.Parse(ConfigJson().Match(html).Groups[1].Value).RootElement;
        Assert.Equal(branch.Slug, config.GetProperty("branch").GetString());
        Assert.Equal(branch.Desk2, config.GetProperty("deskId").GetGuid());
        Assert.Equal("</script><script>alert(1)</script>",
            config.GetProperty("snapshot").GetProperty("visits")[0].GetProperty("name").GetString());
        Assert.Contains("<label for=\"reg-name\" data-i18n=\"desk.field.name\">Name</label>", html);
        Assert.Contains("<label for=\"reg-phone\" data-i18n=\"desk.field.phone\">Phone</label>", html);
        Assert.Contains("<label for=\"reg-service\" data-i18n=\"desk.field.service\">Service</label>", html);
    }

    [Fact]
    public async Task AManagerPicksADeskOfTheirBranchAndCannotOpenOneOfAnother()
    {
        var ct = Timeout();
        var branch = await TestBranch.CreateAsync(App);
        var elsewhere = await TestBranch.CreateAsync(App);
        var manager = await TestLogin.CreateAsync(App, branch, Roles.Manager);

        var picker = await (await GetAsync(manager, "/desk", ct)).Content.ReadAsStringAsync(ct);
        Assert.Contains("Choose a desk", picker);
        Assert.Contains($"/desk?desk={branch.Desk3}", picker);
        Assert.DoesNotContain(elsewhere.Desk1.ToString(), picker);

        var desk = await (await GetAsync(manager, $"/desk?desk={branch.Desk3}", ct)).Content.ReadAsStringAsync(ct);
        Assert.Contains("<h1 translate=\"no\">Desk 3</h1>", desk);

        var refused = await (await GetAsync(manager, $"/desk?desk={elsewhere.Desk1}", ct)).Content.ReadAsStringAsync(ct);
        Assert.Contains("may not use", refused);
        Assert.DoesNotContain("desk-config", refused);
    }

    [Fact]
    public async Task TheDeskIsForDeskAndManagerLoginsOnly()
    {
        var ct = Timeout();
        var admin = await TestLogin.CreateAsync(App, null, Roles.Admin);

        var anonymous = await GetAsync(null, "/desk", ct);
        var forbidden = await GetAsync(admin, "/desk", ct);

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login?ReturnUrl=%2Fdesk", anonymous.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, forbidden.StatusCode);   // to the access-denied page
        Assert.NotEqual("/desk", new Uri(new Uri("http://localhost"), forbidden.Headers.Location!).AbsolutePath);
        Assert.DoesNotContain("desk-config", await forbidden.Content.ReadAsStringAsync(ct));
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"desk-config\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ConfigJson();
}
