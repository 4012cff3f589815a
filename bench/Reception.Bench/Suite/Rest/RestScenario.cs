using System.Net.Http.Headers;

namespace Reception.Bench.Suite.Rest;

/// <summary>
/// REST batching: one push of 100 actions against 100 pushes of one action, over real HTTP on
/// loopback to a real Reception.Web process (Kestrel, PostgreSQL with durable commits), each side
/// on one keep-alive HttpClient as desk 1 of the demo branch. The server applies a push of several
/// actions as one transaction and unit of work, so the ratio measures a request's cost, its commit
/// and its round trips to the database against the per-action work that remains.
/// </summary>
internal sealed class RestScenario : ISuiteScenario
{
    private const int Batch = 100;
    private const string Unit = "actions/s";

    public string Name => "rest";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteContext context)
    {
        // The warm-up also warms the server's JIT, which the batches alone would leave half done.
        var (actions, warmup) = context.Short ? (500, 1000) : (2000, 4000);
        var token = context.Token;
        var database = await context.NewDatabaseAsync();
        await using var server = await FanoutServer.StartAsync("rest", database, null, FanoutSecrets.New(), token);
        var bearer = await FanoutSetup.TokenAsync(server.BaseAddress, "desk1", token);
        using var batched = Client(server.BaseAddress, bearer);
        using var single = Client(server.BaseAddress, bearer);
        var pusher = await DemoPusher.OpenAsync(batched, token);

        // Abba's first pair is the discarded warm-up; it runs `warmup` actions, every later run `actions`.
        Func<Task<Measurement>> Sized(string side, HttpClient http, int perPush)
        {
            var runs = 0;
            return async () =>
            {
                await context.CheckpointAsync(database);
                return await pusher.RunAsync(side, http, runs++ == 0 ? warmup : actions, perPush, token);
            };
        }

        var (a, b) = await Abba.RunAsync(context.Rounds, Sized($"{Batch} per push", batched, Batch), Sized("1 per push", single, 1),
            (label, m) => context.Log.WriteLine($"     {label,-18} {m.Side,-13} {m.Rate,6:F0} {Unit} ({m.Actions} actions in {m.Elapsed.TotalSeconds:F2} s)"));
        return
        [
            new Figure(Name, $"{Batch} actions per push", Unit, Stats.Of(a.Select(m => m.Rate)), "1 action per push",
                Stats.Of(b.Select(m => m.Rate)), Target.RatioAtLeast(5, "≥ 5 x"),
                $"POST /api/v1/sync/push over loopback HTTP to a Reception.Web process, {actions} actions per timed run " +
                "(register, updateDetails, call, startService, complete per visitor), one keep-alive HttpClient per side, " +
                "every result applied; a push of several actions is one transaction on the server, one durable commit per push"),
        ];
    }

    private static HttpClient Client(Uri server, string bearer) => new()
    {
        BaseAddress = server,
        Timeout = TimeSpan.FromSeconds(60),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", bearer) },
    };
}
