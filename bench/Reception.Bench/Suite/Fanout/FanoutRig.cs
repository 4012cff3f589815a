namespace Reception.Bench.Suite.Fanout;

/// <summary>
/// The three setups, each a pusher and a crowd of receiving desks: one instance (<c>single</c>, its own
/// database, no Redis); two instances (<c>A</c> and <c>B</c> on one database and the Redis: the pusher on
/// B, the desks alternately on A and B); and the no-database hub in the benchmark's process. The Reception
/// desks use the demo logins: desk1's token for the pusher, desk2's for every receiver.
/// </summary>
internal sealed record FanoutRig(
    FanoutPusher One, DeskCrowd OneCrowd, FanoutPusher Two, DeskCrowd TwoCrowd, FanoutPusher Bare, DeskCrowd BareCrowd)
{
    /// <summary>Starts everything as <see cref="FanoutMain"/> does; whatever started is added to <paramref name="owned"/>, to be disposed in reverse.</summary>
    public static async Task<FanoutRig> StartAsync(SuiteContext context, List<IAsyncDisposable> owned)
    {
        var token = context.Token;
        var secrets = FanoutSecrets.New();
        var alone = await context.NewDatabaseAsync();
        var shared = await context.NewDatabaseAsync();

        // On a shared empty database the first instance migrates and seeds alone; the lone one may start beside it.
        Task<FanoutServer>[] first =
        [
            FanoutServer.StartAsync("single", alone, null, secrets, token),
            FanoutServer.StartAsync("A", shared, context.Redis, secrets, token),
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
        var b = Own(owned, await FanoutServer.StartAsync("B", shared, context.Redis, secrets, token));
        var host = Own(owned, await BroadcastHost.StartAsync(token));

        var pusherOne = await FanoutSetup.TokenAsync(single.BaseAddress, "desk1", token);
        var receiverOne = await FanoutSetup.TokenAsync(single.BaseAddress, "desk2", token);
        var pusherTwo = await FanoutSetup.TokenAsync(b.BaseAddress, "desk1", token);
        var receiverTwo = await FanoutSetup.TokenAsync(a.BaseAddress, "desk2", token); // A and B share the key and the logins
        var serviceOne = await FanoutSetup.GeneralServiceAsync(single.BaseAddress, pusherOne, token);
        var serviceTwo = await FanoutSetup.GeneralServiceAsync(b.BaseAddress, pusherTwo, token);

        var oneCrowd = Own(owned, new DeskCrowd(_ => FanoutSetup.Connect(single.BaseAddress, receiverOne)));
        var twoCrowd = Own(owned, new DeskCrowd(i => FanoutSetup.Connect(i % 2 == 0 ? a.BaseAddress : b.BaseAddress, receiverTwo)));
        var bareCrowd = Own(owned, new DeskCrowd(_ => host.Connect()));
        var one = Own(owned, FanoutPusher.Reception(FanoutSetup.Connect(single.BaseAddress, pusherOne), serviceOne));
        var two = Own(owned, FanoutPusher.Reception(FanoutSetup.Connect(b.BaseAddress, pusherTwo), serviceTwo));
        var bare = Own(owned, FanoutPusher.Broadcast(host.Connect()));
        await Task.WhenAll(one.JoinAsync(token), two.JoinAsync(token), bare.JoinAsync(token));
        return new FanoutRig(one, oneCrowd, two, twoCrowd, bare, bareCrowd);
    }

    private static T Own<T>(List<IAsyncDisposable> owned, T resource) where T : IAsyncDisposable
    {
        owned.Add(resource);
        return resource;
    }
}
