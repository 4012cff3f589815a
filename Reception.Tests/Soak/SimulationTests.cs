using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Reception.Sync.Apply;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Reception.Tests.Soak;

/// <summary>
/// The in-process soak (issue #9): many seeds, thousands of actions in all, faults at named points
/// of the apply pipeline. A failing seed is printed; replay it alone with
/// RECEPTION_SOAK_SEED=&lt;seed&gt; (and RECEPTION_SOAK_ACTIONS for a longer run).
/// </summary>
public abstract class SimulationTests(Provider provider, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly SimScheduler _scheduler = new();
    private ReceptionApp _app = null!;

    protected abstract int Seeds { get; }
    protected abstract int ActionsPerSeed { get; }

    public Task InitializeAsync()
    {
        // A small pool and a few seeds at a time: the shared PostgreSQL serves the rest of the suite too.
        var database = provider == Provider.Postgres ? TestPostgres.CreateDatabase() + ";Maximum Pool Size=16" : null;
        _app = new ReceptionApp(provider, database: database, services: s =>
        {
            s.AddSingleton<IInterceptor, CommandFaults>();
            s.AddSingleton<IInterceptor, TransactionFaults>();
            s.AddSingleton<IInboxScheduler>(_scheduler);
        });
        _ = _app.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// Also strict about twins: a request re-sent while the first is in flight, or a job run twice at once, that fails
    /// with a non-transient error is a violation (on PostgreSQL they once failed with 23505, a ledger row read stale
    /// under FOR UPDATE; TwinRequestTests is the small reproduction).
    /// </summary>
    [Fact]
    public async Task EveryActionIsAppliedExactlyOnceOrHasAFinalResultUnderFaultsForManySeeds()
    {
        var (seeds, actions) = Environment.GetEnvironmentVariable("RECEPTION_SOAK_SEED") is { Length: > 0 } one
            ? ([int.Parse(one)], int.Parse(Environment.GetEnvironmentVariable("RECEPTION_SOAK_ACTIONS") ?? $"{ActionsPerSeed}"))
            : (Enumerable.Range(0, Seeds).Select(i => 9000 + i * 7919).ToArray(), ActionsPerSeed);

        // Seeds run side by side on one app (their faults are armed per async flow), as branches of their own.
        using var slots = new SemaphoreSlim(provider == Provider.Postgres ? 4 : seeds.Length);
        var runs = await Task.WhenAll(seeds.Select(seed => Task.Run(async () =>
        {
            await slots.WaitAsync();
            try
            {
                var desks = 3 + seed % 3;
                return (Seed: seed, Verdict: await new Simulation(_app, _scheduler, seed, actions, desks).RunAsync());
            }
            finally
            {
                slots.Release();
            }
        })));

        var failed = new List<string>();
        foreach (var (seed, verdict) in runs)
        {
            output.WriteLine(verdict.Line(seed));
            if (verdict.Violations.Count > 0)
            {
                failed.Add(verdict.Line(seed) + "\n  " + string.Join("\n  ", verdict.Violations.Take(20)));
            }
        }

        output.WriteLine($"soak: {runs.Sum(r => r.Verdict.Actions)} actions, {runs.Sum(r => r.Verdict.Faults)} faults, "
                         + $"{runs.Sum(r => r.Verdict.Violations.Count)} violations ({seeds.Length} seeds, {provider})");
        Assert.True(failed.Count == 0, $"Replay a seed with RECEPTION_SOAK_SEED=<seed>:\n{string.Join("\n", failed)}");
        Assert.All(runs, r => Assert.Equal(r.Verdict.Actions, r.Verdict.AppliedOnce));
        Assert.True(runs.Sum(r => r.Verdict.Faults) > seeds.Length, "the faults were never injected");
        var outcomes = runs.SelectMany(r => r.Verdict.Outcomes).GroupBy(o => o.Key).ToDictionary(g => g.Key, g => g.Sum(o => o.Value));
        output.WriteLine("outcomes: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value}")));
        if (seeds.Length > 1)
        {
            // The workload reaches every action type's success path, and conflicts and rejections too.
            Assert.All(ActionMix.Types, type => Assert.True(outcomes.GetValueOrDefault($"{type}/{ResultStatus.Applied}") > 0, $"no {type} was ever applied"));
            Assert.True(outcomes.Where(o => o.Key.EndsWith("/" + ResultStatus.Conflict, StringComparison.Ordinal)).Sum(o => o.Value) > 0, "no conflict ever happened");
            Assert.True(outcomes.Where(o => o.Key.EndsWith("/" + ResultStatus.Rejected, StringComparison.Ordinal)).Sum(o => o.Value) > 0, "no rejection ever happened");
        }
    }
}

public sealed class SqliteSimulationTests(ITestOutputHelper output) : SimulationTests(Provider.Sqlite, output)
{
    protected override int Seeds => 12;
    protected override int ActionsPerSeed => 400;
}

public sealed class PostgresSimulationTests(ITestOutputHelper output) : SimulationTests(Provider.Postgres, output)
{
    protected override int Seeds => 12;
    protected override int ActionsPerSeed => 500;
}
