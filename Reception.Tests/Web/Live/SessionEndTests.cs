using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data.Model;
using Reception.Tests.Infrastructure;
using Reception.Tests.Web.Api;
using Reception.Web.Pages.Admin;

namespace Reception.Tests.Web.Live;

/// <summary>
/// A session that ends is over everywhere within 10 seconds (docs/protocol.md, "Sessions end within
/// seconds"), with the shipped settings: after sign-out, disabling, a password reset or a move to
/// another branch, the old cookie opens no page and pushes nothing, the old access token pushes
/// nothing, live hub connections of both kinds close, and reconnecting with the old cookie or token
/// is refused.
/// </summary>
public sealed class SessionEndTests(SqliteAppFixture fixture) : IClassFixture<SqliteAppFixture>
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);
    private readonly ReceptionApp _app = fixture.App;

    public enum Ending
    {
        SignOut,
        Disabled,
        PasswordReset,
        MovedToAnotherBranch,
    }

    [Theory]
    [InlineData(Ending.SignOut)]
    [InlineData(Ending.Disabled)]
    [InlineData(Ending.PasswordReset)]
    [InlineData(Ending.MovedToAnotherBranch)]
    public async Task EveryCredentialAndLiveConnectionOfTheLoginIsRefusedWithinTenSeconds(Ending ending)
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
        var branch = await TestBranch.CreateAsync(_app);
        var login = await TestLogin.CreateAsync(_app, branch, Roles.Desk, branch.Desk1);
        var cookie = await login.CookieAsync(_app, ct);
        var token = await login.TokenAsync(_app, ct);
        await using var byCookie = LiveDesk.Connect(_app, cookie: cookie);
        await using var byToken = LiveDesk.Connect(_app, () => token);
        var cookieClosed = Closed(byCookie);
        var tokenClosed = Closed(byToken);
        await byCookie.StartAsync(ct);
        await byToken.StartAsync(ct);
        Assert.Equal(HttpStatusCode.OK, (await GetDeskAsync(cookie, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(branch, "Before", cookie, null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(branch, "Before", null, token, ct)).StatusCode);

        var ended = DateTime.UtcNow;
        await EndAsync(ending, login, cookie, ct);

        await cookieClosed.WaitAsync(Within, ct);
        await tokenClosed.WaitAsync(Within, ct);
        await UntilAsync(ended, async () => (await GetDeskAsync(cookie, ct)) is { StatusCode: HttpStatusCode.Redirect } r
                                           && r.Headers.Location!.OriginalString.Contains("/login"), "the old cookie opens /desk", ct);
        await UntilAsync(ended, async () => (await PushAsync(branch, "After", cookie, null, ct)).StatusCode == HttpStatusCode.Unauthorized,
            "the old cookie pushes over REST", ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PushAsync(branch, "After", null, token, ct)).StatusCode);
        await UntilAsync(ended, () => RefusedAsync(LiveDesk.Connect(_app, cookie: cookie), ct), "a hub reconnect with the old cookie", ct);
        Assert.True(await RefusedAsync(LiveDesk.Connect(_app, () => token), ct), "a hub reconnect with the old token was accepted");
        Assert.Equal(0, await _app.WithDbAsync(db => Task.FromResult(db.Visits.Count(v => v.BranchId == branch.Id && v.Name == "After"))));
    }

    private async Task EndAsync(Ending ending, TestLogin login, string cookie, CancellationToken ct)
    {
        var id = await UserIdAsync(login);
        switch (ending)
        {
            case Ending.SignOut:
                await SignOutAsync(cookie, ct);
                break;
            case Ending.Disabled:
                Assert.Null(await _app.SendAsync(new AdminUserModel.SetActive(id, false, "test-admin"), ct));
                break;
            case Ending.PasswordReset:
                var reset = await _app.SendAsync(new AdminPasswordModel.Command { Id = id, NewPassword = "Another-pass-2", By = "test-admin" }, ct);
                Assert.Empty(reset.Problems);
                break;
            case Ending.MovedToAnotherBranch:
                var other = await TestBranch.CreateAsync(_app);
                var saved = await _app.SendAsync(new AdminUserModel.Command
                {
                    Id = id, DisplayName = login.UserName, Role = Roles.Desk, BranchId = other.Id, DeskId = other.Desk1, By = "test-admin",
                }, ct);
                Assert.Empty(saved.Problems);
                break;
        }
    }

    /// <summary>The header's Sign out form, posted with the token the page put in it.</summary>
    private async Task SignOutAsync(string cookie, CancellationToken ct)
    {
        using var http = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var page = await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/desk") { Headers = { { "Cookie", cookie } } }, ct);
        var html = await page.Content.ReadAsStringAsync(ct);
        var form = Regex.Match(html, "<form[^>]*action=\"/logout\"[^>]*>(.*?)</form>", RegexOptions.Singleline);
        Assert.True(form.Success, "the page has no Sign out form");
        var token = Regex.Match(form.Groups[1].Value, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(token), "the Sign out form carries no anti-forgery token");
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        logout.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.Redirect, (await http.SendAsync(logout, ct)).StatusCode);
    }

    private async Task<string> UserIdAsync(TestLogin login)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<ReceptionUser>>().FindByNameAsync(login.UserName))!.Id;
    }

    private async Task<HttpResponseMessage> GetDeskAsync(string cookie, CancellationToken ct)
    {
        using var http = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        return await http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/desk") { Headers = { { "Cookie", cookie } } }, ct);
    }

    /// <summary>A REST push by cookie or by token; after the session ended it must not apply ("After").</summary>
    private async Task<HttpResponseMessage> PushAsync(TestBranch branch, string name, string? cookie, string? token, CancellationToken ct)
    {
        var device = new TestClient(_app, branch);
        using var http = token is null ? _app.CreateClient(new() { HandleCookies = false }) : _app.ClientWith(token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/sync/push")
        {
            Content = System.Net.Http.Json.JsonContent.Create(
                new { branch = branch.Slug, actions = new[] { device.Register(Guid.NewGuid(), branch.General, name) } },
                options: Reception.Sync.Wire.WireJson.Options),
        };
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        return await http.SendAsync(request, ct);
    }

    private static async Task<bool> RefusedAsync(HubConnection connection, CancellationToken ct)
    {
        await using (connection)
        {
            try
            {
                await connection.StartAsync(ct);
                return false;
            }
            catch (HttpRequestException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
            {
                return true;
            }
        }
    }

    private static Task Closed(HubConnection connection)
    {
        var closed = new TaskCompletionSource();
        connection.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        return closed.Task;
    }

    /// <summary>Polls until <paramref name="refused"/> holds, failing once 10 seconds have passed since the session ended.</summary>
    private static async Task UntilAsync(DateTime since, Func<Task<bool>> refused, string what, CancellationToken ct)
    {
        while (!await refused())
        {
            Assert.True(DateTime.UtcNow - since < Within, $"{what}: still accepted {Within.TotalSeconds:0} s after the session ended");
            await Task.Delay(200, ct);
        }
    }
}
