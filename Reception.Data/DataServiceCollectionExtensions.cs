using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
                .UseNpgsql(connectionString)
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }
        else
        {
            var sqlite = configuration["Reception:Sqlite"] is { Length: > 0 } s ? s : EmbeddedConnectionString;
            services.AddDbContextPool<ReceptionDbContext, SqliteReceptionDbContext>((sp, o) => o
                .UseSqlite(sqlite, x => x.CommandTimeout(30))
                .AddInterceptors(sp.GetServices<IInterceptor>()));
        }

        return services;
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
