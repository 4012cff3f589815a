using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// The built Reception.Web as a real process of its own (<c>dotnet Reception.Web.dll</c>) on a free
/// loopback port, configured only through its environment, as in production. Disposing kills it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>Every instance of a test shares it, so a token issued by one is good on the others.</summary>
    public const string SigningKey = "multi-instance-test-signing-key-0123456789";

    private const int KeptLines = 200;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(string name, Process process, Uri baseAddress)
    {
        Name = name;
        _process = process;
        BaseAddress = baseAddress;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
    }

    public string Name { get; }
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }

    /// <summary>The process's last lines of output, for failure messages.</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>
    /// Starts an instance on PostgreSQL <paramref name="database"/> with the demo branch, and waits
    /// until it answers readiness. <paramref name="settings"/> are configuration keys (<c>A:B</c>).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string name, string database, IReadOnlyDictionary<string, string?> settings,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = Launch(name, FreePort(), database, settings);
            try
            {
                await server.WaitUntilAnsweringAsync(cancellationToken);
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

    /// <summary>GET /health/ready: the HTTP status and the report's JSON.</summary>
    public async Task<(HttpStatusCode Status, JsonElement Report)> ReadinessAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync("/health/ready", cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return (response.StatusCode, body);
    }

    /// <summary>Polls readiness until <paramref name="until"/> holds for the report (the last one is in the failure).</summary>
    public async Task<JsonElement> WaitForReadinessAsync(Func<HttpStatusCode, JsonElement, bool> until, CancellationToken cancellationToken)
    {
        var last = "(no answer)";
        try
        {
            while (true)
            {
                var (status, report) = await ReadinessAsync(cancellationToken);
                if (until(status, report))
                {
                    return report;
                }

                last = $"{(int)status} {report}";
                await Task.Delay(50, cancellationToken);
            }
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"{Name}: readiness never became what the test waits for; last: {last}", e);
        }
    }

    /// <summary>Waits for a line of the process's output that contains <paramref name="text"/> (a log event id, say "[4112]").</summary>
    public async Task WaitForOutputAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            while (!_output.Any(l => l.Contains(text, StringComparison.Ordinal)))
            {
                await Task.Delay(20, cancellationToken);
            }
        }
        catch (OperationCanceledException e)
        {
            throw new TimeoutException($"{Name} never printed \"{text}\":\n{Output}", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
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

    /// <summary>Reception.Web.dll from the same build as the tests (the test project references it).</summary>
    public static string WebDll
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "Reception.Web.dll");
            if (File.Exists(beside) && File.Exists(Path.ChangeExtension(beside, ".runtimeconfig.json")))
            {
                return beside;
            }

            // bin/<config>/net10.0 of the test project → the same of Reception.Web.
            var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var configuration = framework.Parent!.Name;
            var repository = framework.Parent.Parent!.Parent!.Parent!.FullName;
            var built = Path.Combine(repository, "Reception.Web", "bin", configuration, framework.Name, "Reception.Web.dll");
            return File.Exists(built)
                ? built
                : throw new FileNotFoundException($"Reception.Web.dll is neither beside the tests nor at {built}: build the solution (bash scripts/test.sh does).");
        }
    }

    private static ServerProcess Launch(string name, int port, string database, IReadOnlyDictionary<string, string?> settings)
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
            ["Reception:Auth:SigningKey"] = SigningKey,
            ["Reception:Demo:Enabled"] = "true",
            ["Reception:Demo:Password"] = ReceptionApp.DemoPassword,
            ["Reception:Demo:ApiKey"] = ReceptionApp.DemoApiKey,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Reception"] = "Information",
            ["Logging:Console:FormatterName"] = "simple",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new ServerProcess(name, process, new Uri($"http://127.0.0.1:{port}"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private async Task WaitUntilAnsweringAsync(CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
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
                    using var response = await probe.GetAsync("/health/ready", cancellationToken);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }

                await Task.Delay(50, cancellationToken);
            }
        }
        catch (OperationCanceledException e) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} did not become ready in time:\n{Output}", e);
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

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
