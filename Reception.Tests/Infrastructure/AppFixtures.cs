namespace Reception.Tests.Infrastructure;

/// <summary>One app per test class; tests keep apart by working on branches of their own.</summary>
public abstract class AppFixture(Provider provider) : IAsyncLifetime
{
    public ReceptionApp App { get; } = new(provider);

    public Task InitializeAsync()
    {
        _ = App.Services; // builds the host: migrations and seeding run now, not in the first test
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class SqliteAppFixture() : AppFixture(Provider.Sqlite);

public sealed class PostgresAppFixture() : AppFixture(Provider.Postgres);
