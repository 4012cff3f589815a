namespace Reception.Bench.Suite.Apply;

/// <summary>
/// Apply throughput: actions/s through the whole pipeline (push → merge → PostgreSQL commit →
/// broadcast, in-process through Mediator) with 1, 4 and 16 desks on one branch, against raw Npgsql
/// transactions doing the same writes; one desk again against a raw side with the app's own Npgsql
/// settings; and what lost acknowledgements cost. One app, one fresh database, durable commits; a
/// fresh branch and a CHECKPOINT before every run.
/// </summary>
internal sealed class ApplyScenario : ISuiteScenario
{
    private const string Unit = "actions/s";
    private const string RawName = "raw Npgsql";
    private static readonly Target HalfOfRaw = Target.RatioAtLeast(0.5, "≥ 0.5 x raw");

    public string Name => "apply";

    public async Task<IReadOnlyList<Figure>> RunAsync(SuiteContext context)
    {
        // The first warm-up is long: a cold pipeline runs at about half speed for its first few thousand
        // pushes (tiered JIT). Later figures' warm-ups only fill their connection pools.
        var (actions, firstWarmup) = context.Short ? (300, 1000) : (2000, 5000);
        var token = context.Token;
        var database = await context.NewDatabaseAsync();
        await using var app = new BenchApp(database, "Production");
        app.Start();
        var pipeline = new PipelineSide(app);
        await using var raw = new RawSide(app, RawSide.DataSource(database, prepared: false));
        await using var rawPrepared = new RawSide(app, RawSide.DataSource(database, prepared: true));
        var resending = new ResendingSide(app, pipeline);

        async Task<Figure> CompareAsync(string measure, int warmup, Func<int, Task<Measurement>> candidate,
            string baselineName, Func<int, Task<Measurement>> baseline, Target target, string note)
        {
            // Abba's first pair is the discarded warm-up; it runs `warmup` actions, every later run `actions`.
            Func<Task<Measurement>> Sized(Func<int, Task<Measurement>> side)
            {
                var runs = 0;
                return async () =>
                {
                    await context.CheckpointAsync(database);
                    return await side(runs++ == 0 ? warmup : actions);
                };
            }

            var (a, b) = await Abba.RunAsync(context.Rounds, Sized(candidate), Sized(baseline), (label, m) =>
                context.Log.WriteLine($"     {measure,-20} {label,-18} {m.Side,-22} {m.Rate,6:F0} {Unit} " +
                                      $"({m.Actions} actions in {m.Elapsed.TotalSeconds:F2} s)"));
            return new Figure(Name, measure, Unit, Stats.Of(a.Select(m => m.Rate)), baselineName,
                Stats.Of(b.Select(m => m.Rate)), target, note);
        }

        Func<int, Task<Measurement>> Pipeline(int desks) => n => pipeline.RunAsync(n, desks, token);
        Func<int, Task<Measurement>> Raw(int desks) => n => raw.RunAsync(n, desks, token);

        var perRun = $"{actions} actions per timed run, one push each, on a fresh branch";
        var shared = $"{actions} actions per timed run, shared by the desks, all on one fresh branch";
        List<Figure> figures =
        [
            await CompareAsync("1 desk", firstWarmup, Pipeline(1), RawName, Raw(1), HalfOfRaw,
                $"{perRun}; raw: one transaction of single-row statements per action, on Npgsql's defaults"),
            await CompareAsync("1 desk, raw prepared", actions, Pipeline(1), "raw Npgsql, app's settings",
                n => rawPrepared.RunAsync(n, 1, token), Target.RatioAtLeast(0.5, "≥ 0.5 x raw (own check, stricter than the issue's)"),
                $"{perRun}; raw with the app's Npgsql settings (automatic preparation), so only the code differs. " +
                "Measured before the 4- and 16-desk figures, while each side's pool holds one connection: after them the " +
                "pipeline's pool holds 16 idle ones, which Npgsql hands out in turn, and one desk runs about 20 % slower " +
                "(see the duplicates' baseline)"),
            await CompareAsync("4 desks", actions, Pipeline(4), RawName, Raw(4), HalfOfRaw, shared),
            await CompareAsync("16 desks", actions, Pipeline(16), RawName, Raw(16), HalfOfRaw, shared),
            await CompareAsync("duplicates", actions, n => resending.RunAsync(n, token), "pipeline, no re-sends", Pipeline(1),
                Target.RatioAtLeast(0.9, "cost ≤ 10 %"),
                $"1 desk, {actions} distinct actions per timed run; distinct actions applied per second; every " +
                $"{ResendingSide.Every}th push sent again right after its answer, which must be a duplicate carrying the stored " +
                "result; checked afterwards in the database: no (clientId, mutationId) twice in the change feed, and each " +
                "branch's feed version = its changes = its actions"),
        ];
        await resending.CheckAppliedOnceAsync(database, token);
        return figures;
    }
}
