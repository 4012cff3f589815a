using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Reception.Testing.Processes;

/// <summary>
/// When a starting HTTP server counts as up: <paramref name="Path"/> answers 200 (with
/// <paramref name="Healthy"/>, a report whose status is Healthy), asked every <paramref name="Poll"/>.
/// A probe slower than <paramref name="ProbeTimeout"/> is asked again. Without <paramref name="Within"/>
/// the caller's token bounds the wait.
/// </summary>
public sealed record HttpReadiness(string Path, TimeSpan ProbeTimeout, TimeSpan Poll, TimeSpan? Within = null, bool Healthy = false)
{
    /// <summary>Waits until <paramref name="server"/> is up at <paramref name="baseAddress"/>; fails at once if it exits.</summary>
    public async Task WaitAsync(ChildProcess server, Uri baseAddress, CancellationToken cancellationToken)
    {
        using var probe = new HttpClient { BaseAddress = baseAddress, Timeout = ProbeTimeout };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (Within is { } within)
        {
            deadline.CancelAfter(within);
        }

        try
        {
            while (true)
            {
                if (server.HasExited)
                {
                    throw new InvalidOperationException($"{server.Name} exited with code {server.ExitCode} while starting:\n{server.Output}");
                }

                try
                {
                    if (await AnswersAsync(probe, deadline.Token))
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                catch (TaskCanceledException) when (!deadline.IsCancellationRequested)
                {
                    // a slow answer while it starts: ask again
                }

                await Task.Delay(Poll, deadline.Token);
            }
        }
        catch (OperationCanceledException e) when (Within is null ? cancellationToken.IsCancellationRequested : !cancellationToken.IsCancellationRequested)
        {
            var limit = Within is { } w ? $"within {w.TotalSeconds:F0} s" : "in time";
            throw new TimeoutException($"{server.Name} did not become ready {limit}:\n{server.Output}", e);
        }
    }

    private async Task<bool> AnswersAsync(HttpClient probe, CancellationToken cancellationToken)
    {
        using var response = await probe.GetAsync(Path, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK
               && (!Healthy || (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("status").GetString() == "Healthy");
    }
}
