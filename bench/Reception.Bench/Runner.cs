namespace Reception.Bench;

/// <summary>
/// Runs the sides alternately, A-B-B-A per round after one discarded warm-up of each, so that
/// slow drift (table growth, checkpoints, a neighbour on the machine) falls on both sides alike.
/// The warm-up is longer than a timed run: tiered JIT keeps postponing its optimised code while
/// new methods are still being compiled, and a cold pipeline runs at about half its steady speed
/// for its first few thousand pushes.
/// </summary>
internal static class Runner
{
    public static async Task<IReadOnlyList<Measurement>> RunAsync(PipelineSide pipeline, RawSide raw, BenchOptions options,
        Func<Task> beforeEachRun, TextWriter log, CancellationToken cancellationToken)
    {
        async Task<Measurement> RunAsync(string label, Func<Task<Measurement>> side)
        {
            await beforeEachRun();
            var m = await side();
            log.WriteLine($"  {label,-9} {m.Side,-8} {m.Rate,7:F0} actions/s  ({m.Actions} actions in {m.Elapsed.TotalSeconds:F2} s)");
            return m;
        }

        Task<Measurement> Pipeline() => pipeline.RunAsync(options.Actions, options.Desks, cancellationToken);
        Task<Measurement> Raw() => raw.RunAsync(options.Actions, options.Desks, cancellationToken);

        await RunAsync("warm-up", () => pipeline.RunAsync(options.Warmup, options.Desks, cancellationToken));
        await RunAsync("warm-up", () => raw.RunAsync(options.Warmup, options.Desks, cancellationToken));

        var timed = new List<Measurement>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var side in new[] { Pipeline, Raw, Raw, Pipeline })
            {
                timed.Add(await RunAsync($"round {round}", side));
            }
        }

        return timed;
    }
}
