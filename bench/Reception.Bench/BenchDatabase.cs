using Npgsql;

namespace Reception.Bench;

/// <summary>A fresh database on the PostgreSQL server that scripts/bench.sh starts.</summary>
internal static class BenchDatabase
{
    public const string Variable = "RECEPTION_BENCH_POSTGRES";

    public static string? ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s ? s : null;

    public static async Task<string> CreateAsync(string server, CancellationToken cancellationToken)
    {
        var name = $"reception_bench_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    /// <summary>The server's durability settings, printed with the figures they were measured under.</summary>
    public static async Task<string> DescribeAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit'), current_setting('full_page_writes')",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return $"PostgreSQL {reader.GetString(0)}, fsync={reader.GetString(1)}, synchronous_commit={reader.GetString(2)}, full_page_writes={reader.GetString(3)}";
    }

    /// <summary>
    /// Before each timed run: flushes dirty pages now rather than during a run, and puts every run
    /// at the same point after a checkpoint (the first write to a page after one logs the whole page).
    /// Needs a superuser, as scripts/bench.sh gives; elsewhere runs go without it.
    /// </summary>
    public static async Task CheckpointAsync(string connectionString, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("CHECKPOINT", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
        }
    }

    /// <summary>Best effort: on a server that outlives the run, leave nothing behind.</summary>
    public static async Task DropAsync(string server, string database, CancellationToken cancellationToken)
    {
        try
        {
            NpgsqlConnection.ClearAllPools();
            var name = new NpgsqlConnectionStringBuilder(database).Database;
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            Console.Error.WriteLine($"Could not drop the benchmark database: {e.Message}");
        }
    }
}
