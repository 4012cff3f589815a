using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Reception.Sync.Wire;

namespace Reception.Bench;

/// <summary>
/// <c>--profile</c>: one desk, sequential, after a warm-up. Per action type and side: SQL round
/// trips, connection opens, time per action, time in SQL, and how long the branch lock was held
/// (with several desks on one branch, throughput cannot beat 1 / lock time).
/// </summary>
internal static class ProfileRun
{
    private const int WarmUp = 50;
    private const int Measured = 100;

    public static async Task RunAsync(string connectionString, BenchOptions options, TextWriter output,
        CancellationToken cancellationToken)
    {
        var ef = new EfProbe();
        await using var app = new BenchApp(connectionString, options.Environment, ef);
        app.Start();
        var pipeline = new PipelineSide(app);
        await using var raw = new RawSide(app, RawSide.DataSource(connectionString, options.RawPrepared));

        var pipelineSamples = await SampleAsync(app, cancellationToken, async (script, action) =>
        {
            var probe = ef.Current = new ActionProbe();
            var visit = await pipeline.PushAsync(action, script.Branch.Slug, cancellationToken);
            ef.Current = null;
            return (visit, probe);
        });
        var rawSamples = await SampleAsync(app, cancellationToken, async (script, action) =>
        {
            var probe = raw.Probe = new ActionProbe();
            var visit = await raw.ApplyAsync(script, action, cancellationToken);
            raw.Probe = null;
            return (visit, probe);
        });

        output.WriteLine();
        output.WriteLine(F($"Profile: 1 desk, {Measured} actions per side after {WarmUp} warm-up actions; means per action."));
        output.WriteLine();
        output.WriteLine("| action | side | round trips | connection opens | ms per action | ms in SQL | ms branch lock held |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var type in DeskScript.Steps.Append("all"))
        {
            foreach (var (side, samples) in new[] { (PipelineSide.Name, pipelineSamples), (RawSide.Name, rawSamples) })
            {
                var of = samples.Where(s => type == "all" || s.Type == type).Select(s => s.Probe).ToList();
                output.WriteLine(F($"| {type} | {side} | {of.Average(p => p.RoundTrips):F1} | {of.Average(p => p.ConnectionOpens):F1} | {of.Average(p => p.Total.TotalMilliseconds):F3} | {of.Average(p => p.SqlTime.TotalMilliseconds):F3} | {of.Average(p => p.LockHeld.TotalMilliseconds):F3} |"));
            }
        }

        output.WriteLine();
        output.WriteLine("Pipeline SQL per action type (one sample each; BEGIN travels with the first statement after it):");
        foreach (var type in DeskScript.Steps)
        {
            output.WriteLine($"  {type}:");
            foreach (var statement in pipelineSamples.Last(s => s.Type == type).Probe.Statements)
            {
                output.WriteLine($"    {statement}");
            }
        }
    }

    private sealed record Sample(string Type, ActionProbe Probe);

    private static async Task<List<Sample>> SampleAsync(BenchApp app, CancellationToken cancellationToken,
        Func<DeskScript, SyncAction, Task<(VisitDto? Visit, ActionProbe Probe)>> apply)
    {
        var script = new DeskScript(await BenchBranch.CreateAsync(app, 1, cancellationToken), 0);
        var samples = new List<Sample>();
        VisitDto? seen = null;
        for (var i = 0; i < WarmUp + Measured; i++)
        {
            var action = script.Next(seen);
            var started = Stopwatch.GetTimestamp();
            (seen, var probe) = await apply(script, action);
            probe.Total = Stopwatch.GetElapsedTime(started);
            if (i >= WarmUp)
            {
                samples.Add(new Sample(action.Type!, probe));
            }
        }

        return samples;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
