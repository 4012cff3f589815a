namespace Reception.Bench;

/// <summary>
/// <c>--scenario fanout</c>: how long a change takes to reach another desk over the hub, on one
/// instance and on two instances joined by Redis, against a plain Echo round trip. Every instance
/// is a real Reception.Web process on PostgreSQL with durability on. Run it with scripts/bench.sh.
/// </summary>
internal static class FanoutMain
{
    public const string RedisVariable = "RECEPTION_BENCH_REDIS";

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var (options, error) = FanoutOptions.Parse(args);
        if (options is null)
        {
            return BenchMain.Usage(error, FanoutOptions.Usage);
        }

        var redis = Environment.GetEnvironmentVariable(RedisVariable) is { Length: > 0 } r ? r : null;
        if (BenchDatabase.ServerConnectionString is not { } server || redis is null)
        {
            Console.Error.WriteLine(
                $"{BenchDatabase.Variable} and {RedisVariable} must both be set: the instances need PostgreSQL, and two of them Redis. " +
                $"Run `{string.Join(' ', ["bash scripts/bench.sh --scenario fanout", .. args])}`, which starts a throwaway PostgreSQL and Redis and sets them.");
            return 2;
        }

        var databases = new List<string>();
        var owned = new List<IAsyncDisposable>();
        return await BenchMain.RunAsync(
            async cancellationToken =>
            {
                // The single instance gets a database of its own: its pushes must not show up as gaps on the pair.
                databases.Add(await BenchDatabase.CreateAsync(server, cancellationToken));
                databases.Add(await BenchDatabase.CreateAsync(server, cancellationToken));
                Console.WriteLine(await BenchDatabase.DescribeAsync(databases[0], cancellationToken));
                var secrets = FanoutSecrets.New();

                // On a shared empty database the first instance migrates and seeds alone; the lone one may start beside it.
                Task<FanoutServer>[] first =
                [
                    FanoutServer.StartAsync("single", databases[0], null, secrets, cancellationToken),
                    FanoutServer.StartAsync("A", databases[1], redis, secrets, cancellationToken),
                ];
                try
                {
                    await Task.WhenAll(first);
                }
                finally
                {
                    owned.AddRange(first.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result));
                }

                var (single, a) = (first[0].Result, first[1].Result);
                var b = Own(owned, await FanoutServer.StartAsync("B", databases[1], redis, secrets, cancellationToken));
                Console.WriteLine($"Instances: single {single.BaseAddress} (no Redis); A {a.BaseAddress} and B {b.BaseAddress} with Redis {redis}");

                var one = Own(owned, await FanoutSetup.ConnectAsync(Measures.OneInstance, single.BaseAddress, single.BaseAddress, cancellationToken));
                var two = Own(owned, await FanoutSetup.ConnectAsync(Measures.TwoInstances, b.BaseAddress, a.BaseAddress, cancellationToken));

                var results = await FanoutRunner.RunAsync(one, two, options, Console.Out, cancellationToken);
                FanoutReport.Print(results, options, Console.Out);
            },
            async () =>
            {
                for (var i = owned.Count - 1; i >= 0; i--)
                {
                    await owned[i].DisposeAsync();
                }

                // Not the run's token: an interrupted run still cleans up.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                foreach (var database in databases)
                {
                    await BenchDatabase.DropAsync(server, database, timeout.Token);
                }
            });
    }

    private static T Own<T>(List<IAsyncDisposable> owned, T resource) where T : IAsyncDisposable
    {
        owned.Add(resource);
        return resource;
    }
}
