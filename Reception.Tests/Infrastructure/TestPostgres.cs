using Npgsql;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// Fresh databases on the throwaway PostgreSQL server that scripts/test.sh starts. Missing
/// server = failing test, never a skipped one.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "RECEPTION_TEST_POSTGRES";

    public static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } s
            ? s
            : throw new InvalidOperationException(
                $"{Variable} is not set, so there is no PostgreSQL to test against. Run the suite with `bash scripts/test.sh`, which installs and starts a throwaway PostgreSQL.");

    public static string CreateDatabase()
    {
        var name = $"reception_test_{Guid.NewGuid():N}";
        using (var connection = new NpgsqlConnection(ServerConnectionString))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            command.ExecuteNonQuery();
        }

        return new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name }.ConnectionString;
    }
}
