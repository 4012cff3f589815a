using Npgsql;

namespace Reception.Bench.Suite;

/// <summary>
/// What every scenario of the suite gets: the durable PostgreSQL and the Redis that
/// scripts/bench.sh started, the run's size, a log, and databases that are dropped at the end.
/// </summary>
internal sealed class SuiteContext(string server, string redis, bool quick, TextWriter log, CancellationToken token)
    : IAsyncDisposable
{
    private readonly List<string> _databases = [];

    /// <summary>Connection string of the PostgreSQL server (a superuser; the scenarios create databases on it).</summary>
    public string Server => server;

    /// <summary>host:port of the throwaway Redis.</summary>
    public string Redis => redis;

    /// <summary>--short: smaller runs and one A-B-B-A round; the whole suite in under 6 minutes.</summary>
    public bool Short => quick;

    public TextWriter Log => log;

    public CancellationToken Token => token;

    /// <summary>A-B-B-A rounds after the discarded warm-up pair.</summary>
    public int Rounds => quick ? 1 : 2;

    /// <summary>A fresh, empty database (the app migrates it), dropped when the suite ends.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var database = await BenchDatabase.CreateAsync(server, token);
        _databases.Add(database);
        return database;
    }

    public Task CheckpointAsync(string database) => BenchDatabase.CheckpointAsync(database, token);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var database in _databases)
        {
            await BenchDatabase.DropAsync(server, database, timeout.Token);
        }
    }
}

/// <summary>One scenario of the suite: measures its figures, each beside a baseline from the same run.</summary>
internal interface ISuiteScenario
{
    /// <summary>Short name for <c>--only</c> and the report: apply, fanout, catchup, rest, memory, desk, status.</summary>
    string Name { get; }

    Task<IReadOnlyList<Figure>> RunAsync(SuiteContext context);
}
