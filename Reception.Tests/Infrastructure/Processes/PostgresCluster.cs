using Npgsql;

namespace Reception.Testing.Processes;

/// <summary>
/// Where a private cluster lives, the server settings its caller runs it with (<c>-c name=value</c>),
/// and what to tell a person when PostgreSQL is not installed (<paramref name="Missing"/>) or a tool
/// fails (<paramref name="Hint"/>, after the tool's output).
/// </summary>
public sealed record PostgresSetup(string Folder, string Settings, string Missing, string Hint = "");

/// <summary>
/// A private PostgreSQL cluster on a free port that its owner may stop at once (open connections
/// break, as in a crash) and start again. As root, the tools run as the postgres user (runuser).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly PostgresSetup _setup;
    private readonly string _bin;

    private PostgresCluster(PostgresSetup setup, string bin, int port) => (_setup, _bin, Port) = (setup, bin, port);

    public int Port { get; }

    private string Data => Path.Combine(_setup.Folder, "data");

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database}";

    /// <summary>Makes a new cluster in <see cref="PostgresSetup.Folder"/> and starts it.</summary>
    public static async Task<PostgresCluster> StartAsync(PostgresSetup setup, CancellationToken cancellationToken)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException(setup.Missing);
        }

        Directory.CreateDirectory(setup.Folder);
        await Tool.RunAsync("chmod", ["755", setup.Folder], setup.Hint, cancellationToken);
        if (IsRoot)
        {
            await Tool.RunAsync("chown", ["postgres:postgres", setup.Folder], setup.Hint, cancellationToken);
        }

        var cluster = new PostgresCluster(setup, bin, Tool.FreePort());
        await cluster.AsPostgresAsync("initdb", ["-D", cluster.Data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"], cancellationToken);
        await cluster.StartAgainAsync(cancellationToken);
        return cluster;
    }

    public Task StartAgainAsync(CancellationToken cancellationToken) =>
        AsPostgresAsync("pg_ctl", ["-D", Data, "-w", "-l", Path.Combine(_setup.Folder, "log"), "-o",
            $"-k {_setup.Folder} -c listen_addresses=127.0.0.1 -p {Port} {_setup.Settings}", "start"], cancellationToken);

    /// <summary>Stops at once, as a crash or a pulled cable would: open connections break.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        AsPostgresAsync("pg_ctl", ["-D", Data, "-w", "-m", "immediate", "stop"], cancellationToken);

    public static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // already stopped
        }

        Directory.Delete(_setup.Folder, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private Task AsPostgresAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        IsRoot
            ? Tool.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args], _setup.Hint, cancellationToken)
            : Tool.RunAsync(Path.Combine(_bin, tool), args, _setup.Hint, cancellationToken);
}
