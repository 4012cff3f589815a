using System.Diagnostics;

namespace Reception.Bench.Suite.Fanout;

/// <summary>
/// When each receiving desk got each push of one run, preallocated: a receipt costs one array store
/// and one interlocked decrement on the connection's receive loop, so a thousand receivers measure the
/// fan-out rather than their own bookkeeping. A push is known by the pusher's clientId and its
/// mutationId, both chosen before it is sent, so a receipt that beats the push's answer is kept too.
/// </summary>
internal sealed class ReceiptBoard
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly int _receivers;
    private readonly int _pushes;
    private readonly Guid _clientId;
    private readonly long _firstMutationId;
    private readonly long[] _received; // [receiver * pushes + push]: Stopwatch timestamps
    private readonly int[] _pending;
    private readonly TaskCompletionSource[] _complete;

    public ReceiptBoard(int receivers, int pushes, Guid clientId, long firstMutationId)
    {
        _receivers = receivers;
        _pushes = pushes;
        _clientId = clientId;
        _firstMutationId = firstMutationId;
        _received = new long[receivers * pushes];
        _pending = Enumerable.Repeat(receivers, pushes).ToArray();
        _complete = Enumerable.Range(0, pushes)
            .Select(_ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
    }

    /// <summary>Called by receiver <paramref name="receiver"/> with the clock it read first; other messages are ignored.</summary>
    public void Record(int receiver, Guid? clientId, long? mutationId, long timestamp)
    {
        if (clientId != _clientId || mutationId is not { } id || id < _firstMutationId || id >= _firstMutationId + _pushes)
        {
            return;
        }

        var push = (int)(id - _firstMutationId);
        _received[receiver * _pushes + push] = timestamp;
        if (Interlocked.Decrement(ref _pending[push]) == 0)
        {
            _complete[push].TrySetResult();
        }
    }

    /// <summary>Until every receiver has push <paramref name="push"/> (0-based).</summary>
    public async Task WaitAsync(int push, CancellationToken cancellationToken)
    {
        try
        {
            await _complete[push].Task.WaitAsync(Timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new BenchFailure(
                $"{Volatile.Read(ref _pending[push])} of {_receivers} desks never got message {_firstMutationId + push} (waited {Timeout.TotalSeconds:F0} s).");
        }
    }

    /// <summary>Every receipt's delay after its push was sent, in ms: receivers x pushes values.</summary>
    public double[] Delays(long[] sent)
    {
        var delays = new double[_received.Length];
        for (var i = 0; i < delays.Length; i++)
        {
            delays[i] = (_received[i] - sent[i % _pushes]) * 1000.0 / Stopwatch.Frequency;
        }

        return delays;
    }
}
