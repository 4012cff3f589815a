using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Reception.Data.Model;
using Reception.Sync.Access;
using Reception.Tests.Infrastructure;
using Reception.Web.Auth;

namespace Reception.Tests.Web.Api;

/// <summary>An app whose tokens are signed with a known key, so that a test can forge an expired one.</summary>
public sealed class SignedAppFixture : IAsyncLifetime
{
    public const string SigningKey = "test-only-signing-key-0123456789-abcdefghij";

    public ReceptionApp App { get; } = new(Provider.Sqlite, new Dictionary<string, string?>
    {
        ["Reception:Auth:SigningKey"] = SigningKey,
    });

    public Task InitializeAsync()
    {
        _ = App.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

/// <summary>Credentials over HTTP: tokens for logins, API keys, and a problem for every refusal.</summary>
public sealed class AuthApiTests(SignedAppFixture fixture) : IClassFixture<SignedAppFixture>
{
    private readonly ReceptionApp _app = fixture.App;

    private const string Queue = "/api/v1/branches/demo/queue";

    [Fact]
    public async Task ALoginGetsASignedTokenCarryingItsNameRoleBranchAndUserId()
    {
        var response = await _app.RequestTokenAsync("desk1", ReceptionApp.DemoPassword);
        var body = await response.BodyAsync<JsonElement>();
        var token = new JsonWebToken(body.GetProperty("accessToken").GetString());
        var expiresAt = body.GetProperty("expiresAt").GetDateTime();

        var user = await _app.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == "desk1"));
        Assert.Equal(["accessToken", "expiresAt"], body.EnumerateObject().Select(p => p.Name));
        Assert.Equal("desk1", token.GetClaim(ReceptionClaims.Name).Value);
        Assert.Equal(Roles.Desk, token.GetClaim(ReceptionClaims.Role).Value);
        Assert.Equal(user.BranchId.ToString(), token.GetClaim(ReceptionClaims.Branch).Value);
        Assert.Equal(user.Id, token.Subject);
        Assert.InRange(expiresAt, DateTime.UtcNow.AddHours(8).AddMinutes(-1), DateTime.UtcNow.AddHours(8).AddMinutes(1));
        Assert.Equal(expiresAt, token.ValidTo, TimeSpan.FromSeconds(1));
    }

    [Theory]
    [InlineData("{}", "username")]
    [InlineData("{\"username\": \"desk1\"}", "password")]
    [InlineData("{\"username\": \"\", \"password\": \"x\"}", "username")]
    public async Task ATokenRequestWithoutUsernameOrPasswordIs400NamingTheField(string json, string field)
    {
        using var http = _app.CreateClient();

        var problem = await (await http.PostJsonAsync("/api/v1/auth/token", json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AWrongPasswordAndAnUnknownUserGetTheSame401()
    {
        var wrongPassword = await (await _app.RequestTokenAsync("desk2", "not-the-password")).ProblemAsync(HttpStatusCode.Unauthorized);
        var unknownUser = await (await _app.RequestTokenAsync("nobody", ReceptionApp.DemoPassword)).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(wrongPassword.Detail(), unknownUser.Detail());
    }

    [Fact]
    public async Task ADisabledLoginGetsNoTokenAndItsEarlierTokensStopWorking()
    {
        var name = await NewDeskLoginAsync();
        var earlier = _app.ClientWith(await _app.TokenAsync(name));
        await (await earlier.GetAsync(Queue, ApiHttp.Timeout())).BodyAsync<JsonElement>();

        await _app.WithDbAsync(db => db.Users.Where(u => u.UserName == name).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsActive, false)));

        var refused = await (await _app.RequestTokenAsync(name, ReceptionApp.DemoPassword)).ProblemAsync(HttpStatusCode.Forbidden);
        var stale = await (await earlier.GetAsync(Queue, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("disabled", refused.Detail());
        Assert.Contains("disabled", stale.Detail());
    }

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheLoginEvenAgainstTheRightOne()
    {
        var name = await NewDeskLoginAsync();
        for (var i = 0; i < 5; i++)
        {
            await (await _app.RequestTokenAsync(name, "wrong-" + i)).ProblemAsync(HttpStatusCode.Unauthorized);
        }

        var problem = await (await _app.RequestTokenAsync(name, ReceptionApp.DemoPassword)).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("locked", problem.Detail());
    }

    [Fact]
    public async Task ANewPasswordRevokesTheTokensIssuedBefore()
    {
        var name = await NewDeskLoginAsync();
        var earlier = _app.ClientWith(await _app.TokenAsync(name));

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ReceptionUser>>();
            var user = (await users.FindByNameAsync(name))!;
            Assert.True((await users.ChangePasswordAsync(user, ReceptionApp.DemoPassword, "Another-pass-2")).Succeeded);
        }

        var problem = await (await earlier.GetAsync(Queue, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("revoked", problem.Detail());
    }

    [Fact]
    public async Task WithoutACredentialTheApiAnswers401WithAProblemAndNeverRedirectsToTheLoginPage()
    {
        using var http = _app.CreateClient(new() { AllowAutoRedirect = false });

        var problem = await (await http.GetAsync(Queue, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.Unauthorized);
        var push = await (await http.PostJsonAsync("/api/v1/sync/push", "{}")).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("Authorization: Bearer", problem.Detail());
        Assert.Equal(problem.Detail(), push.Detail());
        var cookie = _app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        Assert.Equal("/login", cookie.LoginPath);
    }

    [Theory]
    [InlineData("rk_not-a-key-of-ours", "API key is not valid")]
    [InlineData("not-a-token", "neither an access token nor an API key")]
    public async Task AWrongKeyOrTokenIs401SayingWhatIsWrong(string bearer, string expected)
    {
        var http = _app.ClientWith(bearer);

        var response = await http.GetAsync(Queue, ApiHttp.Timeout());
        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains(expected, problem.Detail());
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task ARevokedApiKeyIs401()
    {
        var key = await _app.AddApiKeyAsync(await DemoBranchIdAsync(), "revoked-client", active: false);

        var problem = await (await _app.ClientWith(key).GetAsync(Queue, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("revoked", problem.Detail());
    }

    [Fact]
    public async Task AKeyRevokedByAnotherInstanceIsRefusedHereWithinTheSessionCheck()
    {
        var key = await _app.AddApiKeyAsync(await DemoBranchIdAsync(), "revoked-elsewhere");
        var client = _app.ClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Queue, ApiHttp.Timeout())).StatusCode); // now remembered here

        // Another instance's revocation reaches this one only through the database.
        var hash = ApiKeys.Hash(key);
        await _app.WithDbAsync(db => db.ApiClients.Where(c => c.KeyHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsActive, false).SetProperty(c => c.RevokedAt, DateTime.UtcNow)));

        // SessionCheck is 5 s; the tests hold every credential to 10 (docs/protocol.md).
        var revoked = Stopwatch.StartNew();
        HttpStatusCode status;
        while ((status = (await client.GetAsync(Queue, ApiHttp.Timeout())).StatusCode) == HttpStatusCode.OK && revoked.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(200);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task AnExpiredTokenIs401SayingItExpired()
    {
        var expired = await ForgeAsync("desk1", SignedAppFixture.SigningKey, DateTime.UtcNow.AddHours(-9), DateTime.UtcNow.AddMinutes(-10));

        var problem = await (await _app.ClientWith(expired).GetAsync(Queue, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("expired", problem.Detail());
        Assert.Contains("/api/v1/auth/token", problem.Detail());
    }

    [Fact]
    public async Task ATokenSignedWithAnotherKeyIs401()
    {
        var forged = await ForgeAsync("admin", "some-other-key-that-is-long-enough-0123456789", DateTime.UtcNow, DateTime.UtcNow.AddHours(1));

        var problem = await (await _app.ClientWith(forged).GetAsync(Queue, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Contains("not valid", problem.Detail());
    }

    [Fact]
    public async Task AForgedTokenWithTheRightKeyButNoSuchUserIs401()
    {
        var token = Sign(new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("name", "ghost"), new Claim("role", Roles.Admin)]),
            SignedAppFixture.SigningKey, DateTime.UtcNow, DateTime.UtcNow.AddHours(1));

        await (await _app.ClientWith(token).GetAsync(Queue, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task APushLargerThanOneMebibyteIs413AndStoresNothing(bool declaresItsLength)
    {
        var http = _app.ClientWith(ReceptionApp.DemoApiKey);
        var clientId = Guid.NewGuid();
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            branch = "demo",
            actions = new[] { new { clientId, mutationId = 1, type = "register", visitId = Guid.NewGuid(), args = new { name = new string('x', 1_100_000) } } },
        });
        HttpContent content = declaresItsLength ? new ByteArrayContent(json) : new StreamContent(new UnknownLengthStream(json));
        content.Headers.ContentType = new("application/json");

        var problem = await (await http.PostAsync("/api/v1/sync/push", content, ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.Contains("1 MiB", problem.Detail());
        Assert.Equal("Content Too Large", problem.GetProperty("title").GetString()); // as the 500-action limit's
        Assert.False(await _app.WithDbAsync(db => db.ClientLedgers.AnyAsync(l => l.ClientId == clientId)));
    }

    [Fact]
    public async Task AnUnknownPathOrMethodUnderTheApiIsAProblemToo()
    {
        var http = _app.ClientWith(ReceptionApp.DemoApiKey);

        await (await http.GetAsync("/api/v1/no-such-thing", ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.NotFound);
        await (await http.DeleteAsync("/api/v1/sync/push", ApiHttp.Timeout())).ProblemAsync(HttpStatusCode.MethodNotAllowed);
        var response = await http.PostAsync("/api/v1/sync/push", new StringContent("hello", Encoding.UTF8, "text/plain"), ApiHttp.Timeout());
        Assert.Contains("application/json", (await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType)).Detail());
    }

    private Task<Guid> DemoBranchIdAsync() => _app.WithDbAsync(db => db.Branches.Where(b => b.Slug == "demo").Select(b => b.Id).SingleAsync());

    /// <summary>A Desk login of the demo branch, made for one test (tests that change a login don't share it).</summary>
    private async Task<string> NewDeskLoginAsync()
    {
        var name = "desk-" + Guid.NewGuid().ToString("N")[..8];
        var branchId = await DemoBranchIdAsync();
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReceptionUser>>();
        var user = new ReceptionUser { UserName = name, DisplayName = name, BranchId = branchId };
        Assert.True((await users.CreateAsync(user, ReceptionApp.DemoPassword)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, Roles.Desk)).Succeeded);
        return name;
    }

    /// <summary>A token for a real login, as the server would issue it, but with times of the test's choosing.</summary>
    private async Task<string> ForgeAsync(string userName, string key, DateTime issuedAt, DateTime expires)
    {
        var user = await _app.WithDbAsync(db => db.Users.SingleAsync(u => u.UserName == userName));
        return Sign(new ClaimsIdentity(
            [
                new Claim(ReceptionClaims.Subject, user.Id), new Claim(ReceptionClaims.Name, userName),
                new Claim(ReceptionClaims.Role, Roles.Desk), new Claim(ReceptionClaims.Branch, user.BranchId.ToString()!),
                new Claim(ReceptionClaims.Stamp, TokenIssuer.StampHash(user.SecurityStamp)),
            ]), key, issuedAt, expires);
    }

    private static string Sign(ClaimsIdentity subject, string key, DateTime issuedAt, DateTime expires) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = subject,
            Issuer = TokenIssuer.Issuer,
            Audience = TokenIssuer.Audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>A body sent chunked, without Content-Length, as a streaming client would.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
