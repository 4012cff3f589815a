using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Reception.Bench;

/// <summary>
/// Attached to the app's DbContext in the profile run only: records every command (one round
/// trip each; Npgsql sends BEGIN with the first one) and the commit into <see cref="Current"/>. On
/// PostgreSQL the apply's commit ends its save's command (PostgresSave); on SQLite it is EF's own.
/// The profile run is sequential, so one current probe is enough.
/// </summary>
internal sealed class EfProbe : DbCommandInterceptor, IDbTransactionInterceptor, IDbConnectionInterceptor
{
    public ActionProbe? Current { get; set; }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
        CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (command.CommandText.Contains("FOR UPDATE", StringComparison.Ordinal))
        {
            Current?.LockTaken();
        }

        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        DbDataReader result, CancellationToken cancellationToken = default)
    {
        Current?.Command(command.CommandText, eventData.Duration);
        if (command.CommandText.EndsWith("COMMIT;\n", StringComparison.Ordinal))
        {
            Current?.Released();
        }

        return base.ReaderExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        int result, CancellationToken cancellationToken = default)
    {
        Current?.Command(command.CommandText, eventData.Duration);
        return base.NonQueryExecutedAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData,
        object? result, CancellationToken cancellationToken = default)
    {
        Current?.Command(command.CommandText, eventData.Duration);
        return base.ScalarExecutedAsync(command, eventData, result, cancellationToken);
    }

    public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Current?.Committed(eventData.Duration);
        return Task.CompletedTask;
    }

    public Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        Current?.Opened();
        return Task.CompletedTask;
    }
}
