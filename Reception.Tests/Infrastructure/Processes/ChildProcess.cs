using System.Diagnostics;

namespace Reception.Testing.Processes;

/// <summary>
/// A server started as a child process, its output kept in an <see cref="OutputTail"/>. Stopping kills
/// the whole tree (dotnet's host, nginx's workers), so nothing outlives the run that started it.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly OutputTail _output;

    private ChildProcess(Process process, OutputTail output)
    {
        _process = process;
        _output = output;
    }

    public string Name => _output.Name;
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;
    public string Output => _output.ToString();

    /// <summary>Starts <paramref name="start"/> with its output redirected into <paramref name="output"/>.</summary>
    public static ChildProcess Start(ProcessStartInfo start, OutputTail output)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, output);
    }

    /// <summary>Kills the tree at once (no shutdown, as a crash would) and waits until it is gone.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }

        _process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await StopAsync(timeout.Token);
    }
}
