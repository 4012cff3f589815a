using System.Net;
using Npgsql;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Production;

/// <summary>What /health/ready tells a load balancer about a real instance.</summary>
[Collection(ProductionCollection.Name)]
public sealed class ReadinessTests
{
    [Fact]
    public async Task WithoutRedisConfiguredReadinessReportsTheDatabaseAloneAndALostDatabaseTakesTheInstanceOut()
    {
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
        var database = TestPostgres.CreateDatabase();
        await using var server = await ServerProcess.StartAsync("single", database, new Dictionary<string, string?>(), ct);

        var (status, report) = await server.ReadinessAsync(ct);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal(["database"], report.GetProperty("checks").EnumerateObject().Select(c => c.Name));

        await using (var connection = new NpgsqlConnection(TestPostgres.ServerConnectionString))
        {
            await connection.OpenAsync(ct);
            var name = new NpgsqlConnectionStringBuilder(database).Database;
            await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(ct);
        }

        var lost = await server.WaitForReadinessAsync((code, _) => code == HttpStatusCode.ServiceUnavailable, ct);
        Assert.Equal("Unhealthy", lost.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", lost.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }
}
