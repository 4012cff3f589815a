using System.Diagnostics;
using Reception.Testing.Processes;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Web.Infrastructure;

/// <summary>
/// `dotnet run --project Reception.Web`, as the README tells a person to start it, listens where they
/// asked: the launch profile once replaced ASPNETCORE_URLS with its own applicationUrl.
/// </summary>
public sealed class DotnetRunTests
{
    private static readonly HttpReadiness Live = new("/health/live", ProbeTimeout: TimeSpan.FromSeconds(5), Poll: TimeSpan.FromMilliseconds(100));

    [Fact]
    public async Task AspNetCoreUrlsChoosesTheAddressUnderDotnetRun()
    {
        var port = Tool.FreePort();
        await using var run = await DotnetRunAsync([], new() { ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}" }, port);

        Assert.False(run.Process.HasExited, run.Process.Output);
    }

    [Fact]
    public async Task TheUrlsArgumentChoosesTheAddressUnderDotnetRun()
    {
        var port = Tool.FreePort();
        await using var run = await DotnetRunAsync(["--urls", $"http://127.0.0.1:{port}"], [], port);

        Assert.False(run.Process.HasExited, run.Process.Output);
    }

    [Fact]
    public async Task AtFirstStartTheConsoleSaysOnceWhereToGoAndHowToSignIn()
    {
        var port = Tool.FreePort();
        await using var run = await DotnetRunAsync(["--urls", $"http://127.0.0.1:{port}"], [], port);

        var open = $"Reception is running. Open http://127.0.0.1:{port} in a browser.";
        for (var waited = 0; !run.Process.Output.Contains(open, StringComparison.Ordinal) && waited < 100; waited++)
        {
            await Task.Delay(100); // printed once the server listens, just after /health/live first answers
        }

        var lines = run.Process.Output.Split('\n');
        var at = Array.FindIndex(lines, l => l.Contains(open, StringComparison.Ordinal));
        Assert.True(at > 0, run.Process.Output);
        Assert.Single(lines, l => l.Contains("Reception is running", StringComparison.Ordinal));
        Assert.Contains("Demo logins: desk1 (Desk), desk2 (Desk), manager (Manager), admin (Admin)", lines[at + 1]);
        Assert.Matches(@"Password: +Demo-\S+ +\(generated; set Reception:Demo:Password to choose it\)", lines[at + 2]);
        Assert.Contains("=====", lines[at - 1]);
    }

    /// <summary>Runs the project with a database of its own (a fresh reception.db) and waits for /health/live on <paramref name="port"/>.</summary>
    private static async Task<Run> DotnetRunAsync(string[] arguments, Dictionary<string, string?> environment, int port)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var directory = Directory.CreateTempSubdirectory("reception-run-").FullName;
        // bin/<config>/net10.0 of the test project: run Reception.Web as built in the same configuration.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var project = Path.Combine(framework.Parent.Parent!.Parent!.Parent!.FullName, "Reception.Web");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "run", "--project", project, "-c", configuration, "--no-build" },
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Nothing inherited from the test run decides the address or the database.
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ConnectionStrings__Reception", "ConnectionStrings__Redis",
                     "Reception__Demo__Password", "Reception__Demo__ApiKey", "Reception__Demo__Enabled" })
        {
            start.Environment.Remove(inherited);
        }

        // dotnet run's content root is the project: the default reception.db would land there, shared by every run.
        start.Environment["Reception__Sqlite"] = $"Data Source={Path.Combine(directory, "reception.db")}";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = ChildProcess.Start(start, new OutputTail("dotnet run", 200));
        try
        {
            await Live.WaitAsync(process, new Uri($"http://127.0.0.1:{port}"), timeout.Token);
            return new Run(process, directory);
        }
        catch
        {
            await new Run(process, directory).DisposeAsync();
            throw;
        }
    }

    private sealed record Run(ChildProcess Process, string Directory) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Process.DisposeAsync();
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
