namespace Reception.Bench.Suite.Memory;

/// <summary>
/// Memory per idle client of one fresh server process: its resident memory once it is warm and
/// idle, then again once N more idle clients have connected, the difference divided by N.
/// </summary>
internal static class IdleClients
{
    /// <summary>
    /// Clients connected before the first reading, in two halves with memory settling between, and
    /// kept open. The first ones pay for the first JIT pass, tier-1 JIT (which counts calls only once
    /// no method has been jitted for a while), caches, Reception's first queries and the GC sizing its
    /// heap to a server with clients: none of that is per client. Connected 100 at a time and read after
    /// each hundred, Reception.Web grew by 22 and 32 MB for its first two hundred desks, then by about
    /// 6 MB a hundred (in steps of about 14 MB every few hundred, as the GC takes more memory); a warm-up
    /// of 100 left part of that first growth to the measured block, at random, so samples read 83 or
    /// 95 KB per desk. Open rather than closed, so the measured clients cannot reuse memory these freed.
    /// </summary>
    public const int Warm = 300;

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
