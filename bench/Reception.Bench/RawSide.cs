using System.Diagnostics;
using System.Text.Json;
using Npgsql;
using Reception.Data;
using Reception.Sync.Wire;

namespace Reception.Bench;

/// <summary>
/// Baseline: the same actions, written by hand with Npgsql — one transaction per action, one
/// statement per row: BEGIN; lock the branch row; [ticket counter]; insert or update the visit;
/// [notification for a call]; change; ledger; mutation record; feed version; COMMIT. It skips
/// what only the pipeline does (resolving the branch, reading before writing, Mediator, DI scopes,
/// change tracking, publishing), which is exactly the overhead this benchmark measures.
/// </summary>
/// <param name="app">Makes the branch of each <see cref="RunAsync"/>; null for a side that is only given actions to apply.</param>
internal sealed class RawSide(BenchApp? app, NpgsqlDataSource dataSource) : IAsyncDisposable
{
    public const string Name = "raw";
    private const string By = "bench-admin";

    /// <summary>
    /// Npgsql's defaults, or when <paramref name="prepared"/> (<c>--raw-prepared</c>) the settings the
    /// app gives its own connections (automatic preparation, no reset on close): the same statements then cost the server the same.
    /// </summary>
    public static NpgsqlDataSource DataSource(string connectionString, bool prepared) =>
        NpgsqlDataSource.Create(prepared
            ? DataServiceCollectionExtensions.WithPoolSettings(connectionString)
            : connectionString);

    /// <summary>Set by the profile run only: counts round trips and times the branch lock.</summary>
    public ActionProbe? Probe { get; set; }

    public async Task<Measurement> RunAsync(int actions, int desks, CancellationToken cancellationToken)
    {
        var branch = await BenchBranch.CreateAsync(app ?? throw new InvalidOperationException("This raw side has no app to make branches with."), desks, cancellationToken);
        return await Desks.TimeAsync(Name, branch, actions, DeskAsync, cancellationToken);
    }

    private async Task DeskAsync(DeskScript script, int actions, CancellationToken cancellationToken)
    {
        VisitDto? seen = null;
        for (var i = 0; i < actions; i++)
        {
            seen = await ApplyAsync(script, script.Next(seen), cancellationToken);
        }
    }

    public async Task<VisitDto> ApplyAsync(DeskScript script, SyncAction action, CancellationToken cancellationToken)
    {
        var branch = script.Branch;
        var hash = WireJson.PayloadHash(action);
        var args = action.Args ?? default;
        var visitId = action.VisitId!.Value;
        var now = DateTime.UtcNow;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        Probe?.Opened();
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        Probe?.LockTaken();
        var version = (long)(await ScalarAsync(connection, RawSql.LockBranch, cancellationToken, branch.Id))! + 1;

        VisitDto visit;
        if (action.Type == ActionTypes.Register)
        {
            var serviceId = args.GetProperty("serviceId").GetGuid();
            var day = DateOnly.FromDateTime(now);
            var number = (int)(await ScalarAsync(connection, RawSql.NextTicket, cancellationToken, serviceId, day))!;
            var prefix = branch.Services.Single(s => s.Id == serviceId).Prefix;
            var ticket = $"{prefix}-{number:000}";
            var name = args.GetProperty("name").GetString()!;
            await ExecuteAsync(connection, RawSql.InsertVisit, cancellationToken,
                visitId, branch.Id, serviceId, day, number, ticket, name, now, version);
            visit = new VisitDto
            {
                Id = visitId, Branch = branch.Slug, ServiceId = serviceId, Ticket = ticket, Name = name, Status = "waiting",
                ArrivedAt = now, UpdatedAt = now, Version = version,
                FieldVersions = new FieldVersionsDto(version, version, version, version),
            };
        }
        else
        {
            var (sql, value) = action.Type switch
            {
                ActionTypes.UpdateDetails => (RawSql.UpdatePhone, (object?)args.GetProperty("phone").GetString()!),
                ActionTypes.Call => (RawSql.Call, args.GetProperty("deskId").GetGuid()),
                ActionTypes.StartService => (RawSql.StartService, args.GetProperty("deskId").GetGuid()),
                ActionTypes.Complete => (RawSql.Complete, null),
                _ => throw new BenchFailure($"{Name}: no statement for {action.Type}"),
            };
            object?[] values = value is null ? [visitId, version, now] : [visitId, version, now, value];
            visit = await UpdateVisitAsync(connection, sql, branch.Slug, cancellationToken, values)
                    ?? throw new BenchFailure($"{Name}: {action.Type} #{action.MutationId} found the visit in the wrong state");
        }

        if (action.Type == ActionTypes.Call)
        {
            var desk = script.Desk;
            await ExecuteAsync(connection, RawSql.InsertNotification, cancellationToken,
                branch.Id, visitId, visit.Ticket, desk.Id, desk.Name, $"{visit.Ticket} to {desk.Name}", version, now);
        }

        await ExecuteAsync(connection, RawSql.InsertChange, cancellationToken,
            branch.Id, version, visitId, WireJson.Serialize(visit), action.ClientId, action.MutationId, By, now);
        if (await ExecuteAsync(connection, RawSql.AdvanceLedger, cancellationToken,
                branch.Id, action.ClientId, action.MutationId, now) != 1)
        {
            throw new BenchFailure($"{Name}: the ledger did not advance to #{action.MutationId}");
        }

        var result = new ActionResult
        {
            MutationId = action.MutationId, Status = ResultStatus.Applied, Code = 200, Version = version, Visit = visit,
        };
        await ExecuteAsync(connection, RawSql.InsertMutationRecord, cancellationToken,
            branch.Id, action.ClientId, action.MutationId, hash, WireJson.Serialize(result), now);
        await ExecuteAsync(connection, RawSql.BumpFeed, cancellationToken, branch.Id, version);

        var started = Stopwatch.GetTimestamp();
        await tx.CommitAsync(cancellationToken);
        Probe?.Committed(Stopwatch.GetElapsedTime(started));
        return visit;
    }

    private async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params object?[] values)
    {
        await using var command = Command(connection, sql, values);
        var started = Stopwatch.GetTimestamp();
        var value = await command.ExecuteScalarAsync(cancellationToken);
        Probe?.Command(sql, Stopwatch.GetElapsedTime(started));
        return value;
    }

    private async Task<int> ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken,
        params object?[] values)
    {
        await using var command = Command(connection, sql, values);
        var started = Stopwatch.GetTimestamp();
        var rows = await command.ExecuteNonQueryAsync(cancellationToken);
        Probe?.Command(sql, Stopwatch.GetElapsedTime(started));
        return rows;
    }

    private async Task<VisitDto?> UpdateVisitAsync(NpgsqlConnection connection, string sql, string branch,
        CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(connection, sql, values);
        var started = Stopwatch.GetTimestamp();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        VisitDto? visit = null;
        if (await reader.ReadAsync(cancellationToken))
        {
            DateTime? Time(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTime>(i);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            var status = reader.GetString(7);
            visit = new VisitDto
            {
                Id = reader.GetGuid(0), Branch = branch, ServiceId = reader.GetGuid(1), Ticket = reader.GetString(2),
                Name = reader.GetString(3), Phone = Text(4), Notes = Text(5), Priority = reader.GetInt32(6),
                Status = JsonNamingPolicy.CamelCase.ConvertName(status),
                DeskId = reader.IsDBNull(8) ? null : reader.GetGuid(8),
                ArrivedAt = reader.GetFieldValue<DateTime>(9), CalledAt = Time(10), StartedAt = Time(11),
                CompletedAt = Time(12), UpdatedAt = reader.GetFieldValue<DateTime>(13), Version = reader.GetInt64(14),
                FieldVersions = new FieldVersionsDto(reader.GetInt64(15), reader.GetInt64(16), reader.GetInt64(17),
                    reader.GetInt64(18)),
            };
        }

        Probe?.Command(sql, Stopwatch.GetElapsedTime(started));
        return visit;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object?[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();
}
