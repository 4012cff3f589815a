using System.Net;
using System.Net.Sockets;

namespace Reception.Soak;

/// <summary>
/// A private PostgreSQL the soak stops and starts (immediate stop: connections break, as in a crash).
/// Needs the server binaries and, as root, runuser (scripts/soak.sh and CI run as root).
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
{
    private readonly PostgresCluster _cluster;

    private PostgresServer(PostgresCluster cluster) => _cluster = cluster;

    public int Port => _cluster.Port;

    public string ConnectionString(string database, string extra = "") =>
        $"{_cluster.ConnectionString(database)};Timeout=3;Command Timeout=10{extra}";

    // Under /tmp: the postgres user must traverse every parent, and the socket path must stay short.
    // synchronous_commit stays on: with it off an immediate stop loses commits already answered "applied".
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken) =>
        new(await PostgresCluster.StartAsync(new PostgresSetup(
            Path.Combine("/tmp", $"reception-soak-pg-{Guid.NewGuid():N}"[..32]),
            "-c fsync=off -c max_connections=300",
            Missing: "PostgreSQL server binaries are missing (apt-get install postgresql; scripts/soak.sh does it)."), cancellationToken));

    public Task StartAgainAsync(CancellationToken cancellationToken) => _cluster.StartAgainAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => _cluster.StopAsync(cancellationToken);

    public Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken) =>
        PostgresCluster.ExecuteAsync(ConnectionString(database) + ";Pooling=false", sql, cancellationToken);

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}

/// <summary>A private redis-server the soak stops and starts again on the same port (no data kept).</summary>
internal sealed class RedisServer(int port) : IAsyncDisposable
{
    private ChildProcess? _process;

    public int Port { get; } = port;
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=1000";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _process = RedisProcess.Start(Port, "redis-server is not installed (apt-get install redis-server; scripts/soak.sh does it).");
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        throw new InvalidOperationException($"redis-server did not listen on {Port}");
    }

    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One Reception.Web.dll process on a fixed port; killed with SIGKILL and started again on the same port.</summary>
internal sealed class WebInstance(string name, int port, string dll, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    private static readonly HttpReadiness Live =
        new("/health/live", ProbeTimeout: TimeSpan.FromSeconds(3), Poll: TimeSpan.FromMilliseconds(100), Within: TimeSpan.FromSeconds(60));

    private readonly WebProcess _web = new(name, dll, port, settings.ToDictionary(s => s.Key, string? (s) => s.Value), Live, keptLines: 300);

    public string Name => _web.Name;
    public Uri BaseAddress => _web.BaseAddress;
    public bool IsUp => _web.IsUp;
    public string Output => _web.Output;

    public Task StartAsync(CancellationToken cancellationToken) => _web.StartAsync(cancellationToken);

    /// <summary>SIGKILL: no shutdown, requests in flight die between commit and answer.</summary>
    public Task KillAsync() => _web.KillAsync(CancellationToken.None);

    public async ValueTask DisposeAsync() => await KillAsync();
}
