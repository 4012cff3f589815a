using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Reception.Data;

namespace Reception.Tests.Infrastructure;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The real application on a database of its own: a temporary SQLite file, or a fresh database
/// on the throwaway PostgreSQL that scripts/test.sh starts.
/// </summary>
public sealed class ReceptionApp : WebApplicationFactory<Program>
{
    public const string DemoPassword = "Test-demo-pass-1";
    public const string DemoApiKey = "rk_test_demo_key_0123456789";

    private readonly string? _sqliteFile;
    private readonly string? _postgres;
    private readonly Dictionary<string, string?> _settings;

    /// <param name="database">An existing database to open again (a SQLite file or a PostgreSQL
    /// connection string from <see cref="Database"/>): a restart. A SQLite file given here is not deleted.</param>
    /// <param name="services">Extra services for this app (a fault injector, a log capture).</param>
    public ReceptionApp(Provider provider, IReadOnlyDictionary<string, string?>? settings = null, string? database = null,
        Action<IServiceCollection>? services = null)
    {
        _services = services;
        Provider = provider;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        _settings.TryAdd("Reception:Jobs:PollSeconds", "0.2");
        // The retention job never fires by itself in a test (never: February 31st), so tests that
        // seed old visits see them as seeded; RetentionTests runs and triggers it.
        _settings.TryAdd("Reception:Jobs:RetentionCron", "0 0 31 2 *");
        // Every test signs in from the same address, far more often than 30 people a minute;
        // the limit itself is tested with a fixture of its own (RateLimitTests).
        _settings.TryAdd("Reception:RateLimit:TokenRequestsPerMinute", "100000");
        if (provider == Provider.Sqlite)
        {
            _sqliteFile = database ?? Path.Combine(Path.GetTempPath(), $"reception-test-{Guid.NewGuid():N}.db");
            _keepFile = database is not null;
        }
        else
        {
            _postgres = database ?? TestPostgres.CreateDatabase();
        }
    }

    private bool _keepFile;
    private readonly Action<IServiceCollection>? _services;

    public Provider Provider { get; }

    /// <summary>Keeps the SQLite file when this app is disposed: another app opens it next (a restart).</summary>
    public void HandOverDatabase() => _keepFile = true;

    /// <summary>The database this app runs on, to open it again from another app.</summary>
    public string Database => _postgres ?? _sqliteFile!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        if (_postgres is not null)
        {
            builder.UseSetting("ConnectionStrings:Reception", _postgres);
        }
        else
        {
            builder.UseSetting("Reception:Sqlite", $"Data Source={_sqliteFile};Default Timeout=60");
        }

        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "None");
        builder.UseSetting("Reception:Demo:Enabled", "true");
        builder.UseSetting("Reception:Demo:Password", DemoPassword);
        builder.UseSetting("Reception:Demo:ApiKey", DemoApiKey);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_services is not null)
        {
            builder.ConfigureServices(_services);
        }
    }

    /// <summary>Sends a Mediator request in a scope of its own, as one transport call would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, cancellationToken);
    }

    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> request, CancellationToken cancellationToken = default)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, cancellationToken);
    }

    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> request, CancellationToken cancellationToken = default)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(request, cancellationToken);
    }

    /// <summary>Runs work against the app's database in a scope of its own.</summary>
    public async Task<T> WithDbAsync<T>(Func<ReceptionDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<ReceptionDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgres is not null)
        {
            // A finished app's pooled connections would otherwise stay open until the run ends.
            using var connection = new Npgsql.NpgsqlConnection(_postgres);
            Npgsql.NpgsqlConnection.ClearPool(connection);
        }
        if (_sqliteFile is not null && !_keepFile)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }
    }
}
