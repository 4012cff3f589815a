using Microsoft.AspNetCore.SignalR.Client;

namespace Reception.Bench.Suite.CatchUp;

/// <summary>
/// Desks that stay online while another one catches up: each its own connection and clientId,
/// pushing DeskScript's actions one per push, back to back, until stopped.
/// </summary>
internal sealed class EditingDesks : IAsyncDisposable
{
    private readonly List<HubConnection> _connections;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private long _applied;

    private EditingDesks(List<HubConnection> connections) => _connections = connections;

    /// <summary>How many actions they have had applied so far.</summary>
    public long Applied => Interlocked.Read(ref _applied);

    /// <summary>Connects <paramref name="count"/> desks and sets them pushing; desk i works at the branch's desk i.</summary>
    public static async Task<EditingDesks> StartAsync(Uri server, string token, BenchBranch branch, int count,
        CancellationToken cancellationToken)
    {
        var editors = new EditingDesks(Enumerable.Range(0, count).Select(_ => FanoutSetup.Connect(server, token)).ToList());
        try
        {
            foreach (var connection in editors._connections)
            {
                await connection.StartAsync(cancellationToken);
            }
        }
        catch
        {
            await editors.DisposeAsync();
            throw;
        }

        for (var i = 0; i < count; i++)
        {
            var desk = new OnlineDesk(editors._connections[i], new DeskScript(branch, i % branch.Desks.Count));
            editors._loops.Add(Task.Run(() => editors.PushUntilStoppedAsync(desk, cancellationToken), CancellationToken.None));
        }

        return editors;
    }

    /// <summary>Lets each desk finish the push it is in, then stops them; fails if any push failed.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }

        _stop.Dispose();
    }

    // The run's token, not the stop signal, goes to each push: stopping never abandons a push half-way.
    private async Task PushUntilStoppedAsync(OnlineDesk desk, CancellationToken cancellationToken)
    {
        while (!_stop.IsCancellationRequested)
        {
            await desk.PushNextAsync(cancellationToken);
            Interlocked.Increment(ref _applied);
        }
    }
}
