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

    public ReceptionApp(Provider provider, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Provider = provider;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        if (provider == Provider.Sqlite)
        {
            _sqliteFile = Path.Combine(Path.GetTempPath(), $"reception-test-{Guid.NewGuid():N}.db");
        }
        else
        {
            _postgres = TestPostgres.CreateDatabase();
        }
    }

    public Provider Provider { get; }

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
        if (_sqliteFile is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_sqliteFile + suffix);
            }
        }
    }
}
