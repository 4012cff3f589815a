using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Reception.Testing.Processes;

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
    private static readonly HttpReadiness Ready = new("/health/ready", ProbeTimeout: TimeSpan.FromSeconds(5), Poll: TimeSpan.FromMilliseconds(50));
    private readonly WebProcess _web;

    private ServerProcess(WebProcess web)
    {
        _web = web;
        Http = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name => _web.Name;
    public Uri BaseAddress => _web.BaseAddress;
    public HttpClient Http { get; }

    /// <summary>The process's last lines of output, for failure messages.</summary>
    public string Output => _web.Output;

    /// <summary>
    /// Starts an instance on PostgreSQL <paramref name="database"/> with the demo branch, and waits
    /// until it answers readiness. <paramref name="settings"/> are configuration keys (<c>A:B</c>).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string name, string database, IReadOnlyDictionary<string, string?> settings,
        CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
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

        return new ServerProcess(await WebProcess.StartOnFreePortAsync(name, WebDll, environment, Ready, KeptLines, cancellationToken));
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
            while (!_web.HasPrinted(text))
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
        await _web.DisposeAsync();
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
}
