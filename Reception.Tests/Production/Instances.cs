using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Production;

/// <summary>
/// The production tests start real processes (instances, Redis, nginx): one test at a time, and not
/// beside the rest of the suite, so that two cores are not shared by a dozen processes and waits
/// bounded for a quiet machine stay honest.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProductionCollection
{
    public const string Name = "Production";
}

/// <summary>Instances of one test: a fresh PostgreSQL database and one Redis shared by all of them.</summary>
public sealed class Instances(string redis) : IAsyncDisposable
{
    public const string Branch = "demo";

    private readonly string _database = TestPostgres.CreateDatabase();
    private readonly string _channelPrefix = $"test-{Guid.NewGuid():N}:";
    private readonly List<IAsyncDisposable> _owned = [];

    /// <summary>The demo branch's General service, for registrations.</summary>
    public Guid General { get; private set; }

    /// <summary>The Redis channel of the demo branch's group (what each instance subscribes to).</summary>
    public string GroupChannel => $"{_channelPrefix}Reception.Web.Live.QueueHub:group:branch:{Branch}";

    /// <summary>
    /// Starts instances one after another: on an empty database the first migrates and seeds alone
    /// (docker-compose.yml orders its instances the same way).
    /// </summary>
    public async Task<ServerProcess> StartAsync(string name, CancellationToken cancellationToken, string? redisOverride = null)
    {
        var server = await ServerProcess.StartAsync(name, _database, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = redisOverride ?? redis,
            ["Reception:Redis:ChannelPrefix"] = _channelPrefix, // tests sharing one Redis do not hear each other
        }, cancellationToken);
        _owned.Add(server);
        if (General == Guid.Empty)
        {
            var token = await TokenAsync(server.BaseAddress, "desk1", cancellationToken);
            var pull = await PullAsync(server.BaseAddress, token, cancellationToken);
            General = pull.Snapshot!.Services.Single(s => s.Prefix == "A").Id;
        }

        return server;
    }

    public T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>A demo login's access token from whatever answers at <paramref name="server"/> (an instance or nginx).</summary>
    public static async Task<string> TokenAsync(Uri server, string userName, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token",
            new { username = userName, password = ReceptionApp.DemoPassword }, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"token for {userName}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return body.GetProperty("accessToken").GetString()!;
    }

    public static async Task<PullResponse> PullAsync(Uri server, string token, CancellationToken cancellationToken)
    {
        using var http = Client(server, token);
        var pull = await http.GetFromJsonAsync<PullResponse>($"/api/v1/sync/pull?branch={Branch}&since=0", WireJson.Options, cancellationToken);
        return pull!;
    }

    /// <summary>POST /api/v1/sync/push, as a legacy client does.</summary>
    public static async Task<ActionResult> PushOverRestAsync(Uri server, string token, SyncAction action, CancellationToken cancellationToken)
    {
        using var http = Client(server, token);
        using var response = await http.PostAsJsonAsync("/api/v1/sync/push", new PushRequest { Branch = Branch, Actions = [action] },
            WireJson.Options, cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"push: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var body = await response.Content.ReadFromJsonAsync<PushResponse>(WireJson.Options, cancellationToken);
        return body!.Results.Single();
    }

    /// <summary>The server's queue, serialized visit by visit: what every desk's replica must equal.</summary>
    public static async Task<IReadOnlyList<string>> ServerVisitsAsync(Uri server, string token, CancellationToken cancellationToken) =>
        Visits((await PullAsync(server, token, cancellationToken)).Snapshot!.Visits);

    public static IReadOnlyList<string> Visits(IEnumerable<VisitDto> visits) =>
        visits.OrderBy(v => v.Id).Select(WireJson.Serialize).ToList();

    public async ValueTask DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }
    }

    private static HttpClient Client(Uri server, string token)
    {
        var http = new HttpClient { BaseAddress = server, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }
}

/// <summary>One client device's actions, numbered from 1.</summary>
public sealed class Actions(Guid service)
{
    private long _mutationId;

    public Guid ClientId { get; } = Guid.NewGuid();

    public SyncAction Register(string name) => new()
    {
        ClientId = ClientId,
        MutationId = ++_mutationId,
        Type = ActionTypes.Register,
        VisitId = Guid.NewGuid(),
        Args = JsonSerializer.SerializeToElement(new { serviceId = service, name }, WireJson.Options),
    };
}
