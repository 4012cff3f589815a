using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Reception.Web.Demo;

/// <summary>
/// One block in the console once Reception listens: the address to open and, when the demo logins
/// were just created, who can sign in with which password (and the demo REST client's key). Printed
/// after start, not while seeding, so it is the last thing a person sees and carries the real address.
/// </summary>
public sealed partial class StartBanner(IServer server, IHostApplicationLifetime lifetime, ILogger<StartBanner> logger) : IHostedService
{
    private const string Rule = "==========================================================================";

    private readonly List<string> _demo = [];

    /// <summary>The demo logins were created: <paramref name="generatedPassword"/> is null when the password was configured (it is never printed then).</summary>
    public void DemoLogins(string logins, string? generatedPassword)
    {
        _demo.Add($"Demo logins: {logins}");
        _demo.Add(generatedPassword is null
            ? "Password:    the one set in Reception:Demo:Password"
            : $"Password:    {generatedPassword}   (generated; set Reception:Demo:Password to choose it)");
    }

    public void DemoApiKey(string client, string key) =>
        _demo.Add($"API key:     {key}   (REST client '{client}'; shown once, only its hash is kept)");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
            Log.Running(logger, Format(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [], _demo)));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The block, starting on a line of its own so that it lines up under the log's prefix.</summary>
    public static string Format(IEnumerable<string> addresses, IReadOnlyList<string> demo)
    {
        var open = addresses.Select(Browsable).Distinct().ToList();
        var lines = new List<string>
        {
            open.Count == 0 ? "Reception is running."
            : $"Reception is running. Open {open[0]} in a browser{(open.Count > 1 ? $" (also {string.Join(", ", open.Skip(1))})" : "")}.",
        };
        lines.AddRange(demo);
        return $"\n{Rule}\n  {string.Join("\n  ", lines)}\n{Rule}";
    }

    // Kestrel reports what it bound: a wildcard host is not an address a browser can open.
    private static string Browsable(string address)
    {
        foreach (var wildcard in new[] { "://[::]", "://0.0.0.0", "://+", "://*" })
        {
            address = address.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }

        return address;
    }

    private static partial class Log
    {
        [LoggerMessage(2005, LogLevel.Information, "{Banner}", EventName = "ReceptionRunning")]
        public static partial void Running(ILogger logger, string banner);
    }
}
