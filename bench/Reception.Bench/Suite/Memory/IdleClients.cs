namespace Reception.Bench.Suite.Memory;

/// <summary>
/// Memory per idle client of one fresh server process: its resident memory once it is warm and
/// idle, then again once N more idle clients have connected, the difference divided by N.
/// </summary>
internal static class IdleClients
{
    /// <summary>
    /// Clients connected before the first reading, in two halves with memory settling between, and
    /// kept open. The first half pays for the first JIT pass, caches and Reception's first queries; the
    /// second for tier-1 JIT, which counts calls only once no method has been jitted for a while, and
    /// for what the first half's tier-up left. None of that is per client (a bare pause of 0.5 s
    /// between the halves left about 10 KB per desk of it to the measured ones). Open rather than
    /// closed, so the measured clients cannot reuse memory these freed.
    /// </summary>
    public const int Warm = 100;

    /// <summary>How long memory may take to settle before a reading is taken anyway (and flagged).</summary>
    public static readonly TimeSpan SettleLimit = TimeSpan.FromSeconds(8);

    /// <summary>Connections opened at once: enough to keep both cores busy.</summary>
    private const int AtOnce = 16;

    public static async Task<MemorySample> MeasureAsync(int processId, int count,
        Func<CancellationToken, Task<IAsyncDisposable>> connect, CancellationToken cancellationToken)
    {
        var clients = new List<IAsyncDisposable>();
        try
        {
            await ConnectAsync(clients, Warm / 2, connect, cancellationToken);
            await ResidentMemory.SettledAsync(processId, SettleLimit, cancellationToken);
            await ConnectAsync(clients, Warm - Warm / 2, connect, cancellationToken);
            var (before, settledBefore) = await ResidentMemory.SettledAsync(processId, SettleLimit, cancellationToken);
            await ConnectAsync(clients, count, connect, cancellationToken);
            var (after, settledAfter) = await ResidentMemory.SettledAsync(processId, SettleLimit, cancellationToken);
            return new MemorySample(count, before, after, settledBefore && settledAfter);
        }
        finally
        {
            await Parallel.ForEachAsync(clients, new ParallelOptions { MaxDegreeOfParallelism = AtOnce },
                async (client, _) => await client.DisposeAsync());
        }
    }

    private static async Task ConnectAsync(List<IAsyncDisposable> clients, int count,
        Func<CancellationToken, Task<IAsyncDisposable>> connect, CancellationToken cancellationToken)
    {
        var connected = new IAsyncDisposable?[count];
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = AtOnce, CancellationToken = cancellationToken },
                async (i, ct) => connected[i] = await connect(ct));
        }
        finally
        {
            clients.AddRange(connected.OfType<IAsyncDisposable>());
        }
    }
}

/// <summary>One sample: resident memory before and after <see cref="Clients"/> more idle clients connected.</summary>
internal sealed record MemorySample(int Clients, ResidentMemory Before, ResidentMemory After, bool Settled)
{
    public double PerClient => (After.Rss - Before.Rss) / 1024.0 / Clients;

    public double AnonymousPerClient => (After.Anonymous - Before.Anonymous) / 1024.0 / Clients;

    public override string ToString() => FormattableString.Invariant(
        $"+{Clients} clients: RSS {Before.Rss / 1048576.0:F1} → {After.Rss / 1048576.0:F1} MB, {PerClient:F1} KB each (anonymous {AnonymousPerClient:F1} KB){(Settled ? "" : ", not settled")}");
}
