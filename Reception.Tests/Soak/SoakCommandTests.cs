using System.Diagnostics;
using Xunit.Abstractions;

namespace Reception.Tests.Soak;

/// <summary>
/// The real-process soak (bench/Reception.Soak) for 60 s with a fixed seed: two Reception.Web.dll
/// instances, a private PostgreSQL and Redis, SIGKILLs and outages, bad input. It needs root (runuser),
/// PostgreSQL and redis-server, as scripts/test.sh arranges; without them it fails, never skips.
/// </summary>
public sealed class SoakCommandTests(ITestOutputHelper output)
{
    public const int Seed = 1;

    [Fact]
    public async Task ASixtySecondSoakWithAFixedSeedEndsWithoutViolations()
    {
        var dll = await BuildSoakAsync();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "--seconds", "60", "--seed", $"{Seed}" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (lines) lines.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // SIGINT would let it clean up, but it is hung
            throw new TimeoutException("The soak did not finish in 5 minutes:\n" + string.Join('\n', lines.TakeLast(40)));
        }

        process.WaitForExit(); // flushes the redirected output
        string all;
        lock (lines) all = string.Join('\n', lines);
        output.WriteLine(all);
        var closing = lines.LastOrDefault(l => l.StartsWith("soak: ", StringComparison.Ordinal));
        Assert.True(closing is not null, "The soak printed no closing line:\n" + all);
        Assert.True(process.ExitCode == 0 && closing!.Contains(" 0 violations", StringComparison.Ordinal),
            $"{closing} (exit code {process.ExitCode}); replay with: bash scripts/soak.sh --seconds 60 --seed {Seed}\n{all}");
        Assert.Contains($"(seed {Seed})", closing);
        Assert.DoesNotContain(" 0 actions", closing);
        Assert.DoesNotContain(" 0 faults", closing);
    }

    /// <summary>
    /// Builds bench/Reception.Soak in the tests' configuration (only that project: what it references
    /// was built with the tests; `dotnet test` of the solution does not build it by itself) and returns its dll.
    /// </summary>
    private static async Task<string> BuildSoakAsync()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var repository = framework.Parent.Parent!.Parent!.Parent!.FullName;
        var project = Path.Combine(repository, "bench", "Reception.Soak", "Reception.Soak.csproj");
        var build = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "build", project, "-c", configuration, "--no-dependencies", "-nologo", "-v", "quiet" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(build)!;
        var text = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"dotnet build {project} failed:\n{await text}{await errors}");
        var dll = Path.Combine(repository, "bench", "Reception.Soak", "bin", configuration, framework.Name, "Reception.Soak.dll");
        Assert.True(File.Exists(dll), $"Reception.Soak.dll is not at {dll} after the build.");
        return dll;
    }
}
