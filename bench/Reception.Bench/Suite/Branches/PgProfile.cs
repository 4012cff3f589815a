using Npgsql;

namespace Reception.Bench.Suite.Branches;

/// <summary>
/// What PostgreSQL saw of one run: statements per action from pg_stat_statements (scripts/bench.sh
/// preloads it; utility statements such as BEGIN, COMMIT and a pooled connection's RESET ALL count too),
/// and how the server's backends spent the run, sampled from pg_stat_activity every 10 ms (active,
/// idle in transaction, waiting on a lock).
/// </summary>
internal sealed class PgProfile : IAsyncDisposable
{
    private readonly NpgsqlDataSource _source;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, int> _states = [];
    private Task? _sampling;
    private int _samples;

    private PgProfile(NpgsqlDataSource source) => _source = source;

    /// <summary>Empties pg_stat_statements and starts sampling; null when pg_stat_statements is not preloaded.</summary>
    public static async Task<PgProfile?> StartAsync(string database, CancellationToken cancellationToken)
    {
        // Not reset when returned to its pool: the sampling's own connection must not add statements to what is counted.
        var source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(database) { NoResetOnClose = true }.ConnectionString);
        try
        {
            await using (var create = source.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            {
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var reset = source.CreateCommand("SELECT pg_stat_statements_reset()");
            await reset.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException)
        {
            await source.DisposeAsync();
            return null;
        }

        var profile = new PgProfile(source);
        profile._sampling = Task.Run(() => profile.SampleAsync(profile._stop.Token), CancellationToken.None);
        return profile;
    }

    /// <summary>Stops sampling and writes the profile of <paramref name="actions"/> actions to <paramref name="log"/>.</summary>
    public async Task WriteAsync(string title, int actions, TextWriter log, CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        await _sampling!;
        log.WriteLine($"     profile, {title}: per action");
        await using (var statements = _source.CreateCommand("""
            SELECT calls, total_exec_time, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
            FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%pg_stat%'
            ORDER BY calls DESC, total_exec_time DESC LIMIT 24
            """))
        await using (var reader = await statements.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (calls, ms) = (reader.GetInt64(0), reader.GetDouble(1));
                log.WriteLine($"       {calls / (double)actions,5:F2} x {ms / Math.Max(1, calls),6:F3} ms  {reader.GetString(2)}");
            }
        }

        var backends = string.Join(", ", _states.OrderByDescending(s => s.Value)
            .Select(s => $"{s.Key} {s.Value / (double)Math.Max(1, _samples):F1}"));
        log.WriteLine($"       backends of the app's database, mean over {_samples} samples: {backends}");
    }

    private async Task SampleAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await using (var command = _source.CreateCommand("""
                    SELECT state || coalesce(' ' || wait_event_type || ':' || wait_event, ''), count(*)
                    FROM pg_stat_activity
                    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state IS NOT NULL AND state <> 'idle'
                    GROUP BY 1
                    """))
                await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        var key = reader.GetString(0);
                        _states[key] = _states.GetValueOrDefault(key) + (int)reader.GetInt64(1);
                    }
                }

                _samples++;
                await Task.Delay(10, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_sampling is not null)
        {
            await _sampling;
        }

        _stop.Dispose();
        await _source.DisposeAsync();
    }
}
