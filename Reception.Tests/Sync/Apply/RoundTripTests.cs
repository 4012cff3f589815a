using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Reception.Sync.Wire;
using Reception.Tests.Infrastructure;

namespace Reception.Tests.Sync.Apply;

/// <summary>
/// What an apply sends to the database besides its statements. EF puts a savepoint around every
/// save inside a transaction the code began; on PostgreSQL the savepoint and its release are round
/// trips made while the branch lock is held, and the applier never rolls back to one.
/// </summary>
public abstract class RoundTripTests(Provider provider) : IAsyncLifetime
{
    private readonly SavepointCounter _savepoints = new();
    private ReceptionApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new ReceptionApp(provider, services: s => s.AddSingleton<IInterceptor>(_savepoints));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ApplyingActionsOneAtATimeOrAsAPushTakesNoSavepoints()
    {
        var branch = await TestBranch.CreateAsync(_app);
        var desk = new TestClient(_app, branch);
        var (ada, bob) = (Guid.NewGuid(), Guid.NewGuid());

        var alone = await desk.PushOneAsync(desk.Register(ada, branch.General, "Ada"));
        var together = await desk.PushAsync(
            desk.Register(bob, branch.General, "Bob"),
            desk.CallNext(branch.Desk1), // flushes the push's writes before its pick: a save mid-transaction
            desk.Call(bob, branch.Desk2));

        Assert.Equal(ResultStatus.Applied, alone.Status);
        Assert.All(together, r => Assert.Equal(ResultStatus.Applied, r.Status));
        Assert.Equal(0, _savepoints.Created);
        Assert.True(_savepoints.Saves >= 3, $"only {_savepoints.Saves} saves were seen: the counter is not listening");
    }

    private sealed class SavepointCounter : DbTransactionInterceptor, ISaveChangesInterceptor
    {
        private int _created;
        private int _saves;

        public int Created => _created;

        public int Saves => _saves;

        public override ValueTask<InterceptionResult> CreatingSavepointAsync(DbTransaction transaction,
            TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _created);
            return base.CreatingSavepointAsync(transaction, eventData, result, cancellationToken);
        }

        public ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _saves);
            return ValueTask.FromResult(result);
        }
    }
}

public sealed class SqliteRoundTripTests() : RoundTripTests(Provider.Sqlite);

public sealed class PostgresRoundTripTests() : RoundTripTests(Provider.Postgres);
