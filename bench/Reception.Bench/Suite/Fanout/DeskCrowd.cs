using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;

namespace Reception.Bench.Suite.Fanout;

/// <summary>
/// The receiving desks of one setup: one SignalR connection each, all in the benchmark's process. Each
/// one's <c>changes</c> handler reads the clock first and records it on the board being watched;
/// nothing else. The crowd only grows (50, then 200, then 1,000), so each size reuses the desks before it.
/// </summary>
/// <param name="open">A new, unstarted connection for desk number i (which instance, which token).</param>
internal sealed class DeskCrowd(Func<int, HubConnection> open) : IAsyncDisposable
{
    /// <summary>
    /// Desks connecting at once: each costs the instance a token check and a read of the desk's branch
    /// (three instances share a PostgreSQL of 200 connections), and the benchmark's 2 cores a handshake.
    /// </summary>
    private const int Batch = 50;

    private readonly List<HubConnection> _connections = [];
    private ReceiptBoard? _board;

    public int Count => _connections.Count;

    /// <summary>Connects desks, <see cref="Batch"/> at a time, until there are <paramref name="count"/>.</summary>
    public async Task GrowAsync(int count, CancellationToken cancellationToken)
    {
        while (_connections.Count < count)
        {
            var batch = Enumerable.Range(_connections.Count, Math.Min(Batch, count - _connections.Count)).Select(Open).ToList();
            _connections.AddRange(batch); // before starting, so that disposing closes them whatever happens
            await Task.WhenAll(batch.Select(c => JoinAsync(c, cancellationToken)));
        }
    }

    /// <summary>Receipts go to <paramref name="board"/> from now on; null: nowhere.</summary>
    public void Watch(ReceiptBoard? board) => Volatile.Write(ref _board, board);

    /// <summary>
    /// A desk joins its branch's group in OnConnectedAsync, which may still run after the handshake;
    /// the hub answers a connection's first call only once it is done.
    /// </summary>
    public static async Task JoinAsync(HubConnection connection, CancellationToken cancellationToken)
    {
        await connection.StartAsync(cancellationToken);
        await connection.InvokeAsync<string>("Echo", "joined", cancellationToken);
    }

    /// <summary>
    /// <paramref name="rounds"/> rounds in which every desk of the crowd calls Echo at the same moment,
    /// in ms, desks x rounds values: a round trip of each desk while as many messages cross the instance
    /// as a broadcast to them all sends, the like-for-like echo for a fan-out to this many desks.
    /// </summary>
    public async Task<double[]> EchoAllAsync(int rounds, CancellationToken cancellationToken)
    {
        var times = new double[_connections.Count * rounds];
        for (var round = 0; round < rounds; round++)
        {
            var offset = round * _connections.Count;
            var started = Stopwatch.GetTimestamp();
            await Task.WhenAll(_connections.Select(async (connection, desk) =>
            {
                await connection.InvokeAsync<string>("Echo", "ping", cancellationToken);
                times[offset + desk] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }));
        }

        return times;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var batch in _connections.Chunk(Batch))
        {
            await Task.WhenAll(batch.Select(c => c.DisposeAsync().AsTask()));
        }

        _connections.Clear();
    }

    private HubConnection Open(int desk)
    {
        var connection = open(desk);
        connection.On<ReceivedChanges>("changes", message => Receive(desk, message));
        return connection;
    }

    private void Receive(int desk, ReceivedChanges message)
    {
        var now = Stopwatch.GetTimestamp(); // first: the receipt is when the message reached the desk's code
        if (Volatile.Read(ref _board) is { } board && message.Items is [var change, ..])
        {
            board.Record(desk, change.ClientId, change.MutationId, now);
        }
    }
}

/// <summary>Of a <c>changes</c> message, only what names the push; the visit and the rest are skipped, not bound.</summary>
internal sealed record ReceivedChanges(IReadOnlyList<ReceivedChange> Items);

internal sealed record ReceivedChange(Guid? ClientId, long? MutationId);
