using System.Diagnostics;
using Npgsql;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// A private PostgreSQL server that a test may stop and start again (an outage), on a free port
/// under a temp folder. Needs the server binaries and root (runuser), as scripts/test.sh arranges.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string _dir;
    private readonly string _bin;

    private PostgresServer(string dir, string bin, int port)
    {
        _dir = dir;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=3;Command Timeout=5";

    public static async Task<PostgresServer> StartPrivateAsync(CancellationToken cancellationToken)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL server binaries are missing. Run the suite with `bash scripts/test.sh`, which installs them.");
        }

        var dir = Path.Combine(Path.GetTempPath(), $"reception-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        await RunAsync("chmod", ["755", dir], cancellationToken);
        await RunAsync("chown", ["postgres:postgres", dir], cancellationToken);
        var server = new PostgresServer(dir, bin, ServerProcess.FreePort());
        await server.AsPostgresAsync("initdb", ["-D", server.Data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"], cancellationToken);
        await server.StartAsync(cancellationToken);
        return server;
    }

    private string Data => Path.Combine(_dir, "data");

    // synchronous_commit stays on: with it off, an immediate stop loses commits already answered
    // "applied" (seen here: the client's next id was refused as skipping ahead). fsync=off only
    // matters if the machine itself crashes.
    public Task StartAsync(CancellationToken cancellationToken) =>
        AsPostgresAsync("pg_ctl", ["-D", Data, "-w", "-l", Path.Combine(_dir, "log"), "-o",
            $"-k {_dir} -c listen_addresses=127.0.0.1 -p {Port} -c fsync=off", "start"], cancellationToken);

    /// <summary>Stops at once, as a crash or a pulled cable would: open connections break.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        AsPostgresAsync("pg_ctl", ["-D", Data, "-w", "-m", "immediate", "stop"], cancellationToken);

    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task AsPostgresAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args], cancellationToken);

    private static async Task RunAsync(string file, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}. The suite needs root and PostgreSQL: run it with `bash scripts/test.sh`.");
        }
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

        Directory.Delete(_dir, recursive: true);
    }
}
