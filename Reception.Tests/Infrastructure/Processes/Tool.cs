using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Reception.Testing.Processes;

/// <summary>The server tools a throwaway server needs: found, given a port, run, failing loudly.</summary>
public static class Tool
{
    /// <summary>The first of <paramref name="candidates"/> that exists; <paramref name="missing"/> says how to install it.</summary>
    public static string Find(IEnumerable<string> candidates, string missing) =>
        candidates.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(missing);

    /// <summary>Runs a tool to its end; its output and <paramref name="hint"/> are in the failure.</summary>
    public static async Task RunAsync(string file, IReadOnlyList<string> args, string hint, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await error}{await output}{hint}");
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
