using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Reception.Tests.Soak;

/// <summary>The named points of the apply pipeline where the simulation injects a failure.</summary>
public enum FaultPoint
{
    /// <summary>The branch lock and ledger read that opens every apply.</summary>
    BranchLock,

    /// <summary>The change-feed row (in the same batch as the visit and the counter).</summary>
    ChangeInsert,

    /// <summary>The client's ledger row (the last mutation id applied).</summary>
    LedgerWrite,

    /// <summary>The stored result a duplicate is answered with.</summary>
    MutationRecordWrite,

    /// <summary>The commit itself: nothing of the action is stored.</summary>
    Commit,

    /// <summary>A transient error raised after the commit: the action is stored, the caller is told otherwise.</summary>
    AfterCommitTransient,

    /// <summary>The process dies between the commit and the answer: the client hears nothing.</summary>
    AfterCommitCrash,

    /// <summary>Storing a deferred action in the inbox: nothing can be stored, the push fails as a whole.</summary>
    InboxInsert,
}

/// <summary>
/// Faults armed for one async flow (one simulated run), so that runs in parallel on one app never
/// take each other's faults: each point fails the next N commands that reach it in this flow.
/// </summary>
public sealed class FaultPlan
{
    private static readonly AsyncLocal<FaultPlan?> CurrentPlan = new();

    private readonly ConcurrentDictionary<FaultPoint, int> _armed = new();
    private readonly ConcurrentDictionary<FaultPoint, int> _injected = new();

    public static FaultPlan? Current
    {
        get => CurrentPlan.Value;
        set => CurrentPlan.Value = value;
    }

    public int Injected => _injected.Values.Sum();

    public IReadOnlyDictionary<FaultPoint, int> InjectedByPoint => _injected;

    public void Arm(FaultPoint point, int count = 1) => _armed.AddOrUpdate(point, count, (_, n) => n + count);

    public void Disarm() => _armed.Clear();

    /// <summary>True (and counted) when this command at this point must fail.</summary>
    public bool Take(FaultPoint point)
    {
        while (_armed.TryGetValue(point, out var n) && n > 0)
        {
            if (_armed.TryUpdate(point, n - 1, n))
            {
                _injected.AddOrUpdate(point, 1, (_, i) => i + 1);
                return true;
            }
        }

        return false;
    }

    /// <summary>The provider's own transient error, as a busy database raises it.</summary>
    public static Exception Transient(bool postgres, FaultPoint point) => postgres
        ? new PostgresException($"could not serialize access due to concurrent update (injected at {point})", "ERROR", "ERROR", "40001")
        : new SqliteException($"database is locked (injected at {point})", 5);
}

/// <summary>The process dying under the request: not transient, nothing is answered.</summary>
public sealed class SimulatedCrashException(FaultPoint point) : Exception($"simulated crash at {point}");

/// <summary>Fails commands at the statement-level points of the <see cref="FaultPlan"/> of the current flow.</summary>
public sealed class CommandFaults : DbCommandInterceptor
{
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

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Inject(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private static void Inject(DbCommand command)
    {
        if (FaultPlan.Current is not { } plan)
        {
            return;
        }

        var sql = command.CommandText;
        foreach (var (point, matches) in Points)
        {
            if (matches(sql) && plan.Take(point))
            {
                throw FaultPlan.Transient(command is NpgsqlCommand, point);
            }
        }
    }

    // Commands EF batches together (visit, change, counter, ledger, record) are one statement
    // text: each point looks for its own table in it.
    private static readonly (FaultPoint, Func<string, bool>)[] Points =
    [
        (FaultPoint.BranchLock, s => s.Contains("\"FeedVersion\"", StringComparison.Ordinal)
                                     && s.Contains("\"LastMutationId\"", StringComparison.Ordinal)
                                     && !s.Contains("INSERT", StringComparison.Ordinal)
                                     && !s.Contains("UPDATE", StringComparison.Ordinal)),
        (FaultPoint.ChangeInsert, s => s.Contains("INSERT INTO \"Changes\"", StringComparison.Ordinal)),
        (FaultPoint.LedgerWrite, s => s.Contains("INSERT INTO \"ClientLedgers\"", StringComparison.Ordinal)
                                      || s.Contains("UPDATE \"ClientLedgers\"", StringComparison.Ordinal)),
        (FaultPoint.MutationRecordWrite, s => s.Contains("INSERT INTO \"MutationRecords\"", StringComparison.Ordinal)),
        (FaultPoint.InboxInsert, s => s.Contains("INSERT INTO \"Inbox\"", StringComparison.Ordinal)),
    ];
}

/// <summary>Fails the commit, or everything after it, at the transaction-level points of the current flow.</summary>
public sealed class TransactionFaults : DbTransactionInterceptor
{
    public override ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction,
        TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        if (FaultPlan.Current?.Take(FaultPoint.Commit) == true)
        {
            throw FaultPlan.Transient(IsPostgres(eventData), FaultPoint.Commit);
        }

        return base.TransactionCommittingAsync(transaction, eventData, result, cancellationToken);
    }

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (FaultPlan.Current is { } plan)
        {
            if (plan.Take(FaultPoint.AfterCommitTransient))
            {
                throw FaultPlan.Transient(IsPostgres(eventData), FaultPoint.AfterCommitTransient);
            }

            if (plan.Take(FaultPoint.AfterCommitCrash))
            {
                throw new SimulatedCrashException(FaultPoint.AfterCommitCrash);
            }
        }

        return base.TransactionCommittedAsync(transaction, eventData, cancellationToken);
    }

    private static bool IsPostgres(TransactionEventData data) =>
        data.Context?.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true;
}
