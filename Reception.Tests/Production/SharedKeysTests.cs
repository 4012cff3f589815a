using System.Net;
using System.Text.RegularExpressions;
using Npgsql;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Production;

/// <summary>
/// Three real instances, each with a home and a content root of its own (as on three hosts): A and B
/// on one database, C on another. Nothing is shared between them but what the database holds.
/// </summary>
public sealed class SharedKeysFixture : IAsyncLifetime
{
    private readonly List<string> _folders = [];

    public string Database { get; } = TestPostgres.CreateDatabase();
    public string OtherDatabase { get; } = TestPostgres.CreateDatabase();
    public ServerProcess A { get; private set; } = null!;
    public ServerProcess B { get; private set; } = null!;
    public ServerProcess C { get; private set; } = null!;

    /// <summary>Every instance's home and content root.</summary>
    public IReadOnlyList<string> Folders => _folders;

    public async Task InitializeAsync()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(90)).Token; // three instances, one after another
        A = await StartAsync("A", Database, ct);
        B = await StartAsync("B", Database, ct);
        C = await StartAsync("C", OtherDatabase, ct);
    }

    private async Task<ServerProcess> StartAsync(string name, string database, CancellationToken ct)
    {
        var home = Folder($"home-{name}");
        var contentRoot = Folder($"content-{name}");
        return await ServerProcess.StartAsync(name, database, new Dictionary<string, string?>
        {
            // Where ASP.NET Core would keep its keys without a key store (~/.aspnet/DataProtection-Keys).
            ["HOME"] = home,
            // Without one application name, a different content root alone would make the cookies unreadable.
            ["ASPNETCORE_CONTENTROOT"] = contentRoot,
        }, ct);
    }

    private string Folder(string name)
    {
        var folder = Directory.CreateTempSubdirectory($"reception-keys-{name}-").FullName;
        _folders.Add(folder);
        return folder;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in new[] { C, B, A })
        {
            if (server is not null)
            {
                await server.DisposeAsync();
            }
        }

        foreach (var folder in _folders)
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

[Collection(ProductionCollection.Name)]
public sealed partial class SharedKeysTests(SharedKeysFixture fixture) : IClassFixture<SharedKeysFixture>
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public async Task ASignInCookieAndAFormTokenFromOneInstanceAreAcceptedByAnotherOnItsOwnFileSystem()
    {
        var ct = Timeout();
        using var browser = new Browser();
        await browser.SignInAsync(fixture.A, "admin", ct);
        var token = await browser.FormTokenAsync(fixture.A, "/admin", ct);
        var slug = $"keys-{Guid.NewGuid():N}"[..20];

        // Posted to B, which has never seen this browser: B reads A's cookie and A's form token.
        using var created = await browser.PostAsync(fixture.B, "/admin", NewBranch(slug, token), ct);

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal($"/admin/branch/{slug}", RedirectPath(fixture.B, created));
        using var page = await browser.GetAsync(fixture.B, $"/admin/branch/{slug}", ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Opened through B", await page.Content.ReadAsStringAsync(ct));
    }

    [Fact]
    public async Task AnInstanceOnAnotherDatabaseRejectsTheCookieAndTheFormToken()
    {
        var ct = Timeout();
        using var browser = new Browser();
        await browser.SignInAsync(fixture.A, "admin", ct);
        var adminToken = await browser.FormTokenAsync(fixture.A, "/admin", ct);
        var slug = $"keys-{Guid.NewGuid():N}"[..20];

        // C has demo logins of the same names and password, but not A's keys: the cookie says nothing
        // there, so the admin page sends the browser to sign in, and nothing is created.
        using var refused = await browser.PostAsync(fixture.C, "/admin", NewBranch(slug, adminToken), ct);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/login", RedirectPath(fixture.C, refused));

        // A's sign-in form, posted to C: its anti-forgery token alone is refused (400), right
        // login and password notwithstanding.
        using var stranger = new Browser();
        var loginToken = await stranger.FormTokenAsync(fixture.A, "/login", ct);
        using var signIn = await stranger.PostAsync(fixture.C, "/login", SignInForm("admin", loginToken), ct);
        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        Assert.Empty(stranger.IdentityCookies());
    }

    [Fact]
    public async Task TheKeysAreInTheDatabaseAndNoInstanceWritesAnyToDisk()
    {
        var ct = Timeout();
        using var browser = new Browser();
        foreach (var server in new[] { fixture.A, fixture.B, fixture.C })
        {
            await browser.FormTokenAsync(server, "/login", ct); // every instance protects something
        }

        Assert.NotEqual(0, await KeyCountAsync(fixture.Database, ct));
        Assert.NotEqual(0, await KeyCountAsync(fixture.OtherDatabase, ct));
        var onDisk = fixture.Folders
            .SelectMany(f => Directory.EnumerateFileSystemEntries(f, "*", SearchOption.AllDirectories))
            .Where(p => p.Contains("DataProtection", StringComparison.OrdinalIgnoreCase) || p.EndsWith(".xml", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(onDisk);
    }

    private static Dictionary<string, string> NewBranch(string slug, string token) => new()
    {
        ["Input.Name"] = "Opened through B",
        ["Input.Slug"] = slug,
        ["Input.TimeZoneId"] = "UTC",
        ["__RequestVerificationToken"] = token,
    };

    private static Dictionary<string, string> SignInForm(string userName, string token) => new()
    {
        ["Input.UserName"] = userName,
        ["Input.Password"] = ReceptionApp.DemoPassword,
        ["__RequestVerificationToken"] = token,
    };

    private static string? RedirectPath(ServerProcess server, HttpResponseMessage response) =>
        response.Headers.Location is { } location ? new Uri(server.BaseAddress, location).AbsolutePath : null;

    private static async Task<long> KeyCountAsync(string database, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(ct);
        await using var count = new NpgsqlCommand("""SELECT count(*) FROM "DataProtectionKeys" WHERE "Xml" LIKE '%<key id=%'""", connection);
        return (long)(await count.ExecuteScalarAsync(ct))!;
    }

    /// <summary>
    /// One browser: one cookie jar for every instance (cookies do not depend on the port, and all of
    /// them answer on 127.0.0.1), redirects not followed so that each answer can be checked.
    /// </summary>
    private sealed class Browser : IDisposable
    {
        private readonly CookieContainer _jar = new();
        private readonly HttpClient _http;

        public Browser() => _http = new HttpClient(new HttpClientHandler { CookieContainer = _jar, AllowAutoRedirect = false })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };

        public Task<HttpResponseMessage> GetAsync(ServerProcess server, string path, CancellationToken ct) =>
            _http.GetAsync(new Uri(server.BaseAddress, path), ct);

        public Task<HttpResponseMessage> PostAsync(ServerProcess server, string path, Dictionary<string, string> form, CancellationToken ct) =>
            _http.PostAsync(new Uri(server.BaseAddress, path), new FormUrlEncodedContent(form), ct);

        /// <summary>GETs a page with a form and answers its anti-forgery token (its cookie half stays in the jar).</summary>
        public async Task<string> FormTokenAsync(ServerProcess server, string path, CancellationToken ct)
        {
            using var page = await GetAsync(server, path, ct);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var token = FormToken().Match(await page.Content.ReadAsStringAsync(ct));
            Assert.True(token.Success, $"{server.Name}{path} has no anti-forgery token");
            return token.Groups[1].Value;
        }

        /// <summary>Signs in through the sign-in form, as a person does.</summary>
        public async Task SignInAsync(ServerProcess server, string userName, CancellationToken ct)
        {
            var token = await FormTokenAsync(server, "/login", ct);
            using var signedIn = await PostAsync(server, "/login", SignInForm(userName, token), ct);
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.NotEmpty(IdentityCookies());
        }

        public IEnumerable<Cookie> IdentityCookies() =>
            _jar.GetAllCookies().Where(c => c.Name.StartsWith(".AspNetCore.Identity", StringComparison.Ordinal));

        public void Dispose() => _http.Dispose();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex FormToken();
}
