using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

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
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private FanoutServer(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    public string Name { get; }
    public Uri BaseAddress { get; }

    /// <summary>The instance's process id (<c>dotnet Reception.Web.dll</c> runs the app in that process), for /proc.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Its last lines of output, for a failure message.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts an instance with the demo branch on <paramref name="database"/> and waits until it is
    /// ready. <paramref name="redis"/> null: no backplane. Instances sharing a database must start one
    /// after another: the first migrates and seeds alone.
    /// </summary>
    public static async Task<FanoutServer> StartAsync(string name, string database, string? redis, FanoutSecrets secrets,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(name, FreePort(), database, redis, secrets);
            try
            {
                await server.WaitUntilReadyAsync(cancellationToken);
                return server;
            }
            catch (Exception) when (attempt < 3 && server.Output.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await server.DisposeAsync(); // the free port was taken in between: another one
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // never started, or already gone
        }

        _process.Dispose();
    }

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

    private static FanoutServer Launch(string name, int port, string database, string? redis, FanoutSecrets secrets)
    {
        var dll = WebDll;
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll },
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
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
        foreach (var (key, value) in environment)
        {
            if (value is not null)
            {
                start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new FanoutServer(name, process, new Uri($"http://127.0.0.1:{port}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60)); // migrations on a fresh database included
        try
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} while starting:\n{Output}");
                }

                try
                {
                    // Healthy, not merely up: with Redis configured, the backplane is connected.
                    using var response = await probe.GetAsync("/health/ready", timeout.Token);
                    if (response.StatusCode == HttpStatusCode.OK
                        && (await response.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("status").GetString() == "Healthy")
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                await Task.Delay(50, timeout.Token);
            }
        }
        catch (OperationCanceledException e) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not become ready within 60 s:\n{Output}", e);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue($"[{Name}] {line}");
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>What every instance of one benchmark run shares, made fresh per run.</summary>
internal sealed record FanoutSecrets(string SigningKey, string ChannelPrefix)
{
    public static FanoutSecrets New() => new($"bench-signing-key-{Guid.NewGuid():N}", $"bench-{Guid.NewGuid():N}:");
}
