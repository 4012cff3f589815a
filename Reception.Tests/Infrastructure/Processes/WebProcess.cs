using System.Diagnostics;

namespace Reception.Testing.Processes;

/// <summary>
/// A built Reception.Web.dll as a process of its own (<c>dotnet Reception.Web.dll</c>) on a loopback
/// port, configured only through its environment, as in production. It may be killed and started
/// again on the same port; its output survives the restarts.
/// </summary>
public sealed class WebProcess(
    string name, string dll, int port, IReadOnlyDictionary<string, string?> settings, HttpReadiness readiness, int keptLines)
    : IAsyncDisposable
{
    private readonly OutputTail _output = new(name, keptLines);
    private ChildProcess? _process;

    public string Name { get; } = name;
    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}");
    public bool IsUp => _process is { HasExited: false };

    /// <summary>The running instance's process id (<c>dotnet Reception.Web.dll</c> runs the app in that process), for /proc.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException($"{Name} is not running.");

    /// <summary>Its last lines of output, for a failure message.</summary>
    public string Output => _output.ToString();

    public bool HasPrinted(string text) => _output.Contains(text);

    /// <summary>
    /// Starts an instance on a free port and waits until it is ready; when that port was taken in
    /// between (the instance says so), on another one.
    /// </summary>
    public static async Task<WebProcess> StartOnFreePortAsync(string name, string dll, IReadOnlyDictionary<string, string?> settings,
        HttpReadiness readiness, int keptLines, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new WebProcess(name, dll, Tool.FreePort(), settings, readiness, keptLines);
            try
            {
                await server.StartAsync(cancellationToken);
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

    /// <summary>Starts (again) on its port and waits until it is ready.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { dll }, WorkingDirectory = Path.GetDirectoryName(dll)! };
        start.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        foreach (var (key, value) in settings)
        {
            // A null value leaves the variable out, even one this process inherited.
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        _process = ChildProcess.Start(start, _output);
        await readiness.WaitAsync(_process, BaseAddress, cancellationToken);
    }

    /// <summary>SIGKILL to the whole tree: no shutdown, requests in flight die between commit and answer.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (_process is { } process)
        {
            _process = null;
            await process.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            await process.DisposeAsync();
        }
    }
}
