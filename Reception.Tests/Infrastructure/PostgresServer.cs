using Reception.Testing.Processes;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server that a test may stop and start again (an outage), on a free port
/// under a temp folder. Needs the server binaries; as root, as scripts/test.sh runs, the tools run
/// as the postgres user (runuser).
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly PostgresCluster _cluster;

    private PostgresServer(PostgresCluster cluster) => _cluster = cluster;

    public int Port => _cluster.Port;

    public string ConnectionString(string database) => _cluster.ConnectionString(database) + ";Timeout=3;Command Timeout=5";

    // synchronous_commit stays on: with it off, an immediate stop loses commits already answered
    // "applied" (seen here: the client's next id was refused as skipping ahead). fsync=off only
    // matters if the machine itself crashes.
    public static async Task<PostgresServer> StartPrivateAsync(CancellationToken cancellationToken) =>
        new(await PostgresCluster.StartAsync(new PostgresSetup(
            Path.Combine(Path.GetTempPath(), $"reception-pg-{Guid.NewGuid():N}"),
            "-c fsync=off",
            Missing: "PostgreSQL server binaries are missing. Run the suite with `bash scripts/test.sh`, which installs them.",
            Hint: ". The suite needs root and PostgreSQL: run it with `bash scripts/test.sh`."), cancellationToken));

    public Task StartAsync(CancellationToken cancellationToken) => _cluster.StartAgainAsync(cancellationToken);

    /// <summary>Stops at once, as a crash or a pulled cable would: open connections break.</summary>
    public Task StopAsync(CancellationToken cancellationToken) => _cluster.StopAsync(cancellationToken);

    public Task CreateDatabaseAsync(string name, CancellationToken cancellationToken) =>
        PostgresCluster.ExecuteAsync(ConnectionString("postgres"), $"CREATE DATABASE \"{name}\"", cancellationToken);

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();
}
