using Reception.Testing.Processes;

namespace Reception.Bench;

/// <summary>
/// The built Reception.Web as a process of its own (<c>dotnet Reception.Web.dll</c>) on a free
/// loopback port, configured only through its environment, as in production: Kestrel, its own
/// thread pool and GC, nothing shared with the benchmark's clients. Disposing kills it.
/// </summary>
internal sealed class FanoutServer : IAsyncDisposable
{
    public const string DemoPassword = "Bench-demo-pass-1";

    private const int KeptLines = 100;

    // Healthy, not merely up: with Redis configured, the backplane is connected. 60 s: migrations on a fresh database included.
    private static readonly HttpReadiness Healthy = new("/health/ready", ProbeTimeout: TimeSpan.FromSeconds(5), Poll: TimeSpan.FromMilliseconds(50),
        Within: TimeSpan.FromSeconds(60), Healthy: true);

    private readonly WebProcess _web;

    private FanoutServer(WebProcess web) => _web = web;

    public string Name => _web.Name;
    public Uri BaseAddress => _web.BaseAddress;

    /// <summary>The instance's process id (<c>dotnet Reception.Web.dll</c> runs the app in that process), for /proc.</summary>
    public int ProcessId => _web.ProcessId;

    /// <summary>Its last lines of output, for a failure message.</summary>
    public string Output => _web.Output;

    /// <summary>
    /// Starts an instance with the demo branch on <paramref name="database"/> and waits until it is
    /// ready. <paramref name="redis"/> null: no backplane. Instances sharing a database must start one
    /// after another: the first migrates and seeds alone.
    /// </summary>
    public static async Task<FanoutServer> StartAsync(string name, string database, string? redis, FanoutSecrets secrets,
        CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings:Reception"] = database,
            ["ConnectionStrings:Redis"] = redis,
            // Only this run's instances hear each other, even on a Redis that others use.
            ["Reception:Redis:ChannelPrefix"] = secrets.ChannelPrefix,
            ["Reception:Auth:SigningKey"] = secrets.SigningKey,
            ["Reception:Demo:Enabled"] = "true",
            ["Reception:Demo:Password"] = DemoPassword,
            // The benchmark's desks push back to back, far above a person's rate: measure, don't throttle.
            ["Reception:RateLimit:PermitsPerSecond"] = "100000",
            ["Reception:RateLimit:Burst"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
        };
        return new FanoutServer(await WebProcess.StartOnFreePortAsync(name, WebDll, environment, Healthy, KeptLines, cancellationToken));
    }

    public ValueTask DisposeAsync() => _web.DisposeAsync();

    /// <summary>The Reception.Web.dll of this build: the project reference copies it, with its runtimeconfig, beside the benchmark.</summary>
    private static string WebDll
    {
        get
        {
            var dll = Path.Combine(AppContext.BaseDirectory, "Reception.Web.dll");
            return File.Exists(dll) && File.Exists(Path.ChangeExtension(dll, ".runtimeconfig.json"))
                ? dll
                : throw new FileNotFoundException($"Reception.Web.dll and its runtimeconfig are not beside the benchmark in {AppContext.BaseDirectory}; build it with scripts/bench.sh.");
        }
    }
}

/// <summary>What every instance of one benchmark run shares, made fresh per run.</summary>
internal sealed record FanoutSecrets(string SigningKey, string ChannelPrefix)
{
    public static FanoutSecrets New() => new($"bench-signing-key-{Guid.NewGuid():N}", $"bench-{Guid.NewGuid():N}:");
}
