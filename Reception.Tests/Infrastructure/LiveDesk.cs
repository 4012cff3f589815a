using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data.Model;
using Reception.Sync.Wire;
using Reception.Web.Live;

namespace Reception.Tests.Infrastructure;

/// <summary>A login made for a test, at a test branch.</summary>
public sealed record TestLogin(string UserName, string Password)
{
    public const string DefaultPassword = "Test-login-pass-1";

    public static async Task<TestLogin> CreateAsync(ReceptionApp app, TestBranch? branch, string role, Guid? deskId = null)
    {
        var name = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}"[..24];
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ReceptionUser>>();
        var user = new ReceptionUser { UserName = name, DisplayName = name, BranchId = branch?.Id, DeskId = deskId };
        var created = await users.CreateAsync(user, DefaultPassword);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return new TestLogin(name, DefaultPassword);
    }

    public async Task<string> TokenAsync(ReceptionApp app, CancellationToken cancellationToken)
    {
        using var http = app.CreateClient();
        var response = await http.PostAsJsonAsync("/api/v1/auth/token", new { username = UserName, password = Password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenBody>(cancellationToken);
        return body!.AccessToken;
    }

    /// <summary>Signs in through the login page, as a browser does (anti-forgery included); returns the cookie header.</summary>
    public async Task<string> CookieAsync(ReceptionApp app, CancellationToken cancellationToken)
    {
        using var http = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        var page = await http.GetAsync("/login", cancellationToken);
        var html = await page.Content.ReadAsStringAsync(cancellationToken);
        var token = Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var antiforgery = Cookies(page);
        using var post = new HttpRequestMessage(HttpMethod.Post, "/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.UserName"] = UserName, ["Input.Password"] = Password, ["__RequestVerificationToken"] = token,
            }),
        };
        post.Headers.Add("Cookie", antiforgery);
        var response = await http.SendAsync(post, cancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return antiforgery + "; " + Cookies(response);
    }

    public static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0])
            : []);

    private sealed record TokenBody(string AccessToken, DateTime ExpiresAt);
}

/// <summary>
/// A live desk over the real SignalR client: keeps a replica of the queue from the snapshot and
/// the broadcasts, and pulls when a batch does not start right after the last version it holds.
/// </summary>
public sealed partial class LiveDesk : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    private LiveDesk(HubConnection connection, string branch)
    {
        Connection = connection;
        Branch = branch;
        connection.On<ChangesMessage>("changes", m =>
        {
            if (DropNext > 0)
            {
                DropNext--;
                return;
            }

            Received.Add(m);
            _ = ApplyAsync(m);
        });
        connection.On<NotificationDto>("notify", n => Notifications.Add(n));
    }

    public HubConnection Connection { get; }
    public string Branch { get; }
    public ConcurrentBag<ChangesMessage> Received { get; } = [];
    public ConcurrentBag<NotificationDto> Notifications { get; } = [];
    public ConcurrentDictionary<Guid, VisitDto> Visits { get; } = new();
    public long Version { get; private set; }
    public int Pulls { get; private set; }

    /// <summary>How many of the next broadcasts to lose, as a dropped Redis message would.</summary>
    public int DropNext { get; set; }

    public static HubConnection Connect(ReceptionApp app, Func<string?>? token = null, string? cookie = null, string? origin = null)
    {
        var server = app.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, LiveExtensions.HubPath), o =>
            {
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (token is not null) o.AccessTokenProvider = () => Task.FromResult(token());
                if (cookie is not null) o.Headers["Cookie"] = cookie;
                if (origin is not null) o.Headers["Origin"] = origin;
            })
            .Build();
    }

    public static async Task<LiveDesk> StartAsync(ReceptionApp app, string token, string branch, CancellationToken cancellationToken)
    {
        var desk = new LiveDesk(Connect(app, () => token), branch);
        await desk.Connection.StartAsync(cancellationToken);
        await desk.PullAsync(0, cancellationToken);
        return desk;
    }

    public async Task<PushResponse> PushAsync(CancellationToken cancellationToken, params SyncAction[] actions) =>
        await Connection.InvokeAsync<PushResponse>("Push", new PushRequest { Branch = Branch, Actions = actions }, cancellationToken);

    /// <summary>Connects again after a drop and pulls what it missed, as every client must.</summary>
    public async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        await Connection.StartAsync(cancellationToken);
        await PullAsync(Version, cancellationToken);
    }

    /// <summary>Catches up from <paramref name="since"/> (0: snapshot), page by page.</summary>
    public async Task PullAsync(long since, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await PullLockedAsync(since, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task PullLockedAsync(long since, CancellationToken cancellationToken)
    {
        while (true)
        {
            Pulls++;
            var pull = await Connection.InvokeAsync<PullResponse>("Pull", Branch, since, cancellationToken);
            if (pull.Snapshot is { } snapshot)
            {
                Visits.Clear();
                foreach (var v in snapshot.Visits) Visits[v.Id] = v;
            }

            foreach (var c in pull.Changes ?? []) Visits[c.Visit.Id] = c.Visit;
            Version = pull.ToVersion;
            if (!pull.HasMore) return;
            since = pull.ToVersion;
        }
    }

    private async Task ApplyAsync(ChangesMessage message)
    {
        await _gate.WaitAsync();
        try
        {
            if (message.ToVersion <= Version) return; // already held (a pull overtook the broadcast)
            if (message.FromVersion != Version + 1)
            {
                await PullLockedAsync(Version, CancellationToken.None); // a gap: something was missed
                return;
            }

            foreach (var c in message.Items) Visits[c.Visit.Id] = c.Visit;
            Version = message.ToVersion;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task WaitForVersionAsync(long version, CancellationToken cancellationToken)
    {
        while (Version < version)
        {
            await Task.Delay(10, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
}
