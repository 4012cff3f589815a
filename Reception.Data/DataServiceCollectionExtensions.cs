using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Reception.Data.Providers;

namespace Reception.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DataServiceCollectionExtensions
{
    public const string ConnectionStringName = "Reception";
    public const string EmbeddedConnectionString = "Data Source=reception.db";

    /// <summary>Which provider the configuration asks for: PostgreSQL when a connection string is set.</summary>
    public static DatabaseProvider ProviderFor(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration.GetConnectionString(ConnectionStringName))
            ? DatabaseProvider.Sqlite
            : DatabaseProvider.Postgres;

    /// <summary>
    /// Registers a pool of <see cref="ReceptionDbContext"/> (every push takes one; creating it anew each
    /// time showed in the benchmark), with any <see cref="IInterceptor"/> in the container) on PostgreSQL when <c>ConnectionStrings:Reception</c>
    /// is set, otherwise on the embedded SQLite file.
    /// </summary>
    public static IServiceCollection AddReceptionData(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (ProviderFor(configuration) == DatabaseProvider.Postgres)
        {
            services.AddDbContextPool<ReceptionDbContext, PostgresReceptionDbContext>((sp, o) => o
                .UseNpgsql(WithPoolSettings(connectionString!))
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            // Checked at start (ValidateOnStart), before the first connection: a typo would otherwise
            // surface as the driver's "Keyword not supported" from inside the migrations, naming no setting.
            services.AddOptions<EmbeddedDatabaseOptions>()
                .Bind(configuration.GetSection(EmbeddedDatabaseOptions.Section))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            services.AddDbContextPool<ReceptionDbContext, SqliteReceptionDbContext>((sp, o) => o
                .UseSqlite(sp.GetRequiredService<IOptions<EmbeddedDatabaseOptions>>().Value.ConnectionString, x => x.CommandTimeout(30))
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }

        return services;
    }

    /// <summary>
    /// The app's Npgsql settings, each unless the connection string sets it:
    /// - automatic preparation: the pipeline sends the same few statements for every action, and once
    ///   prepared on a connection PostgreSQL no longer parses and plans them (in the benchmark: about a
    ///   third more actions/s). Set <c>Max Auto Prepare=0</c> to turn it off, e.g. behind a pooler that
    ///   cannot keep prepared statements;
    /// - <c>No Reset On Close</c>: a connection going back to the pool is not reset (<c>RESET ALL; CLOSE
    ///   ALL; …</c>, one more round trip and transaction on its next use, twice per push). The app leaves
    ///   no session state behind (no SET, temporary tables, cursors outside a transaction or advisory
    ///   locks; an open transaction is still rolled back). Set <c>No Reset On Close=false</c> to reset.
    /// </summary>
    public static string WithPoolSettings(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }

        if (!connectionString.Contains("Reset On Close", StringComparison.OrdinalIgnoreCase))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    /// <summary>Applies pending migrations; on SQLite also turns on WAL so readers never wait for writers.</summary>
    public static async Task MigrateReceptionDatabaseAsync(this ReceptionDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        if (db is SqliteReceptionDbContext)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }
}
