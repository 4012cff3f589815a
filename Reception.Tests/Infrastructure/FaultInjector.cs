using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Reception.Tests.Infrastructure;

/// <summary>
/// Makes the next N writes of change-feed rows fail with the provider's own transient error
/// (PostgreSQL: serialization failure 40001; SQLite: database locked), as a busy database would.
/// </summary>
public sealed class FaultInjector : DbCommandInterceptor
{
    private int _remaining;

    public int Injected { get; private set; }

    public void FailNext(int count) => Interlocked.Exchange(ref _remaining, count);

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Inject(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Inject(command);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Inject(DbCommand command)
    {
        if (!command.CommandText.Contains("INSERT INTO \"Changes\"", StringComparison.Ordinal))
        {
            return;
        }

        if (Interlocked.Decrement(ref _remaining) < 0)
        {
            Interlocked.Exchange(ref _remaining, 0);
            return;
        }

        Injected++;
        throw command is NpgsqlCommand
            ? new PostgresException("could not serialize access due to concurrent update (injected)", "ERROR", "ERROR", "40001")
            : new SqliteException("database is locked (injected)", 5);
    }
}
