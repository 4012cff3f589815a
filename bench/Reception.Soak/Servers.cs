using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Reception.Soak;

/// <summary>Runs a tool and fails loudly with its output.</summary>
internal static class Tool
{
    public static async Task RunAsync(string file, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// A private PostgreSQL the soak stops and starts (immediate stop: connections break, as in a crash).
/// Needs the server binaries and, as root, runuser (scripts/soak.sh and CI run as root).
/// </summary>
internal sealed class PostgresServer : IAsyncDisposable
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

    public string ConnectionString(string database, string extra = "") =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=3;Command Timeout=10{extra}";

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL server binaries are missing (apt-get install postgresql; scripts/soak.sh does it).");
        }

        // Under /tmp: the postgres user must traverse every parent, and the socket path must stay short.
        var dir = Path.Combine("/tmp", $"reception-soak-pg-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(dir);
        await Tool.RunAsync("chmod", ["755", dir], cancellationToken);
        if (Environment.UserName == "root")
        {
            await Tool.RunAsync("chown", ["postgres:postgres", dir], cancellationToken);
        }

        var server = new PostgresServer(dir, bin, Tool.FreePort());
        await server.AsPostgresAsync("initdb", ["-D", server.Data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"], cancellationToken);
        await server.StartAgainAsync(cancellationToken);
        return server;
    }

    private string Data => Path.Combine(_dir, "data");

    // synchronous_commit stays on: with it off an immediate stop loses commits already answered "applied".
    public Task StartAgainAsync(CancellationToken cancellationToken) =>
        AsPostgresAsync("pg_ctl", ["-D", Data, "-w", "-l", Path.Combine(_dir, "log"), "-o",
            $"-k {_dir} -c listen_addresses=127.0.0.1 -p {Port} -c fsync=off -c max_connections=300", "start"], cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) =>
        AsPostgresAsync("pg_ctl", ["-D", Data, "-w", "-m", "immediate", "stop"], cancellationToken);

    public async Task ExecuteAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task AsPostgresAsync(string tool, IReadOnlyList<string> args, CancellationToken cancellationToken) =>
        Environment.UserName == "root"
            ? Tool.RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. args], cancellationToken)
            : Tool.RunAsync(Path.Combine(_bin, tool), args, cancellationToken);

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

/// <summary>A private redis-server the soak stops and starts again on the same port (no data kept).</summary>
internal sealed class RedisServer(int port) : IAsyncDisposable
{
    private Process? _process;

    public int Port { get; } = port;
    public string ConnectionString => $"127.0.0.1:{Port},abortConnect=false,connectTimeout=1000";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var executable = new[] { "/usr/bin/redis-server", "/usr/local/bin/redis-server" }.FirstOrDefault(File.Exists)
                         ?? throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server; scripts/soak.sh does it).");
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "--bind", "127.0.0.1", "--port", Port.ToString(), "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", Path.GetTempPath() },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
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
        if (_process is { HasExited: false } p)
        {
            p.Kill();
            await p.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync() => await StopAsync();
}

/// <summary>One Reception.Web.dll process on a fixed port; killed with SIGKILL and started again on the same port.</summary>
internal sealed class WebInstance(string name, int port, string dll, IReadOnlyDictionary<string, string> settings) : IAsyncDisposable
{
    private Process? _process;
    private readonly Queue<string> _lines = new();

    public string Name { get; } = name;
    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}");
    public bool IsUp => _process is { HasExited: false };

    public string Output
    {
        get { lock (_lines) return string.Join('\n', _lines); }
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll }, WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = Process.Start(start)!;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(3) };
        var until = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var response = await probe.GetAsync("/health/live", cancellationToken);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // not listening yet
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"{Name} did not start:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown, requests in flight die between commit and answer.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } p)
        {
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Enqueue($"[{Name}] {line}");
            while (_lines.Count > 300) _lines.Dequeue();
        }
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
