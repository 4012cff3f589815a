using System.Net;
using System.Text.RegularExpressions;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Api;

/// <summary>An app with tight limits: a burst of 3 requests per client, 2 sign-in attempts a minute.</summary>
public sealed class RateLimitedAppFixture : IAsyncLifetime
{
    public ReceptionApp App { get; } = new(Provider.Sqlite, new Dictionary<string, string?>
    {
        ["Reception:RateLimit:PermitsPerSecond"] = "1",
        ["Reception:RateLimit:Burst"] = "3",
        ["Reception:RateLimit:TokenRequestsPerMinute"] = "2",
    });

    public Task InitializeAsync()
    {
        _ = App.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed partial class RateLimitTests(RateLimitedAppFixture fixture) : IClassFixture<RateLimitedAppFixture>
{
    private readonly ReceptionApp _app = fixture.App;

    [Fact]
    public async Task AClientPastItsLimitGets429WithRetryAfterWhileAnotherClientIsStillServed()
    {
        var branch = await TestBranch.CreateAsync(_app);
        var busy = _app.ClientWith(await _app.AddApiKeyAsync(branch.Id, "busy"));
        var other = _app.ClientWith(await _app.AddApiKeyAsync(branch.Id, "other"));
        var queue = $"/api/v1/branches/{branch.Slug}/queue";

        // All at once, so that the bucket (3, refilled at 1 a second) has no time to refill in between.
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => busy.GetAsync(queue, ApiHttp.Timeout())));
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
        var limited = responses.FirstOrDefault(r => r.StatusCode == HttpStatusCode.TooManyRequests);

        Assert.NotNull(limited);
        var problem = await limited.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("Retry-After", problem.Detail());
        Assert.Equal(ProblemCodes.RateLimited, problem.GetProperty("code").GetString());
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "Retry-After is a number of seconds");
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync(queue, ApiHttp.Timeout())).StatusCode);
    }

    [Fact]
    public async Task RepeatedWrongPasswordsOnTheLoginPageGetAReadable429PageWhileTheFormStillOpens()
    {
        var ct = ApiHttp.Timeout();
        using var http = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var form = await http.GetAsync("/login", ct);
        var token = Antiforgery().Match(await form.Content.ReadAsStringAsync(ct)).Groups[1].Value;
        var cookie = TestLogin.Cookies(form);

        HttpResponseMessage? limited = null;
        var answered = 0;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["Input.UserName"] = "nobody", ["Input.Password"] = "guess-" + i, ["__RequestVerificationToken"] = token,
                }),
            };
            post.Headers.Add("Cookie", cookie);
            var response = await http.SendAsync(post, ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Contains("The user name or password is wrong", await response.Content.ReadAsStringAsync(ct));
                answered++;
            }
        }

        Assert.NotNull(limited);
        Assert.InRange(answered, 0, 2);   // the limit is 2 a minute, shared with the token endpoint
        Assert.Equal("text/html", limited.Content.Headers.ContentType?.MediaType);
        Assert.Matches("Wait \\d+ seconds?, then <a href=\"/login\">try again</a>", await limited.Content.ReadAsStringAsync(ct));
        Assert.True(limited.Headers.RetryAfter?.Delta is { TotalSeconds: >= 1 }, "Retry-After is a number of seconds");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/login", ct)).StatusCode);   // only POSTs are counted
    }

    [Fact]
    public async Task RepeatedSignInAttemptsAreLimitedToo()
    {
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await _app.RequestTokenAsync("nobody", "guess-" + i);
            limited = response.StatusCode == HttpStatusCode.TooManyRequests ? response : null;
        }

        Assert.NotNull(limited);
        var problem = await limited.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("sign-in attempts", problem.Detail());
        Assert.Equal(ProblemCodes.RateLimited, problem.GetProperty("code").GetString());
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();
}
