using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using Reception.Sync.Wire;

namespace Reception.Bench.Suite.Fanout;

/// <summary>
/// The desk that sends, over its own connection. Sends go one after another (a closed loop): the next
/// leaves only when every receiver has the last one, so each delay is that of one message alone.
/// </summary>
internal sealed class FanoutPusher : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Func<Guid, long, CancellationToken, Task> _send;
    private readonly Guid _clientId = Guid.NewGuid();
    private long _mutationId;

    private FanoutPusher(HubConnection connection, Func<Guid, long, CancellationToken, Task> send)
    {
        _connection = connection;
        _send = send;
    }

    /// <summary>Pushes one register of a visit to <paramref name="service"/> per send through the Reception hub.</summary>
    public static FanoutPusher Reception(HubConnection connection, Guid service) =>
        new(connection, async (clientId, mutationId, token) =>
        {
            var response = await connection.InvokeAsync<PushResponse>("Push",
                new PushRequest { Branch = FanoutSetup.Branch, Actions = [FanoutSetup.Register(clientId, mutationId, service)] }, token);
            if (response.Results is not [{ Status: ResultStatus.Applied }])
            {
                throw new BenchFailure($"register #{mutationId} was not applied: {WireJson.Serialize(response)}");
            }
        });

    /// <summary>Sends a register's changes message per send to the no-database hub, which forwards it to the others.</summary>
    public static FanoutPusher Broadcast(HubConnection connection) =>
        new(connection, (clientId, mutationId, token) => connection.InvokeAsync("Broadcast", BroadcastHost.Message(clientId, mutationId), token));

    public Task JoinAsync(CancellationToken cancellationToken) => DeskCrowd.JoinAsync(_connection, cancellationToken);

    /// <summary>
    /// <paramref name="sends"/> sends to <paramref name="crowd"/>. Delays: from just before each send to
    /// its receipt at each desk (what a person at another desk waits for), receivers x sends values;
    /// calls: each send's own round trip (for a push, mostly its commit).
    /// </summary>
    public async Task<(double[] Delays, double[] Calls)> FanOutAsync(DeskCrowd crowd, int sends, CancellationToken cancellationToken)
    {
        var board = new ReceiptBoard(crowd.Count, sends, _clientId, _mutationId + 1);
        var sent = new long[sends];
        var calls = new double[sends];
        crowd.Watch(board);
        try
        {
            for (var i = 0; i < sends; i++)
            {
                sent[i] = Stopwatch.GetTimestamp();
                await _send(_clientId, ++_mutationId, cancellationToken);
                calls[i] = Stopwatch.GetElapsedTime(sent[i]).TotalMilliseconds;
                await board.WaitAsync(i, cancellationToken);
            }
        }
        finally
        {
            crowd.Watch(null);
        }

        return (board.Delays(sent), calls);
    }

    /// <summary><paramref name="calls"/> hub Echo round trips, back to back, in ms: the baseline of a call that touches nothing.</summary>
    public async Task<double[]> EchoAsync(int calls, CancellationToken cancellationToken)
    {
        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var called = Stopwatch.GetTimestamp();
            await _connection.InvokeAsync<string>("Echo", "ping", cancellationToken);
            times[i] = Stopwatch.GetElapsedTime(called).TotalMilliseconds;
        }

        return times;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
