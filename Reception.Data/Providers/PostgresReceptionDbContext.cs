using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Reception.Data.Model;

namespace Reception.Data.Providers;

public sealed class PostgresReceptionDbContext(DbContextOptions<PostgresReceptionDbContext> options)
    : ReceptionDbContext(options)
{
    // The row lock is held until commit or rollback, so the counter only ever moves by one
    // inside a transaction that commits: no gaps, unlike a sequence.
    // One round trip, two statements inside a VOLATILE function: under READ COMMITTED each of
    // them takes a fresh snapshot, so the ledger and inbox read after the lock was granted sees
    // what the previous holder committed. (One plain statement joining the ledger to the locked
    // row would re-read only the locked row after waiting, and see a stale ledger: twin
    // requests were both applied, the second failing on the key.) The function comes from the
    // LockBranchFunction migration.
    public override async Task<BranchLock?> LockBranchAsync(Guid branchId, Guid clientId, Guid? visitId,
        CancellationToken cancellationToken)
    {
        if (visitId is not { } id)
        {
            var row = await Database.SqlQuery<LockRow>($"""
                SELECT "FeedVersion", "LastMutationId", "LastContactAt", "FirstPending"
                FROM reception_lock_branch({branchId}, {clientId})
                """).SingleOrDefaultAsync(cancellationToken);
            return row is null
                ? null
                : new BranchLock
                {
                    FeedVersion = row.FeedVersion, LastMutationId = row.LastMutationId, LastContactAt = row.LastContactAt,
                    FirstPending = row.FirstPending,
                };
        }

        // The visit in the same round trip, as a second statement of one batch: the server binds it
        // (takes its snapshot) only after the first returned, so it sees what the previous holder of
        // the lock committed.
        var connection = (NpgsqlConnection)Database.GetDbConnection();
        var transaction = Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction
                          ?? throw new InvalidOperationException("The branch lock is taken inside a transaction.");
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    SELECT "FeedVersion", "LastMutationId", "LastContactAt", "FirstPending" FROM reception_lock_branch($1, $2)
                    """) { Parameters = { new() { Value = branchId }, new() { Value = clientId } } },
                new NpgsqlBatchCommand(LockedVisitSql) { Parameters = { new() { Value = id } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var feedVersion = reader.GetInt64(0);
        long? lastMutationId = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        DateTime? lastContactAt = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTime>(2);
        long? firstPending = reader.IsDBNull(3) ? null : reader.GetInt64(3);
        await reader.NextResultAsync(cancellationToken);
        var (visit, closed) = await reader.ReadAsync(cancellationToken) ? ReadVisit(reader) : (null, null);
        return new BranchLock
        {
            FeedVersion = feedVersion, LastMutationId = lastMutationId, LastContactAt = lastContactAt,
            FirstPending = firstPending, VisitRead = true, Visit = Track(visit, closed),
        };
    }

    // BranchLock's read columns alone (EF takes its Visit for a navigation).
    private sealed class LockRow
    {
        public long FeedVersion { get; init; }
        public long? LastMutationId { get; init; }
        public DateTime? LastContactAt { get; init; }
        public long? FirstPending { get; init; }
    }

    private const string LockedVisitSql = """
        SELECT v."Id", v."BranchId", v."ServiceId", v."TicketDay", v."TicketNumber", v."Ticket", v."Name", v."Phone",
               v."Notes", v."Priority", v."Status", v."DeskId", v."ArrivedAt", v."CalledAt", v."StartedAt",
               v."CompletedAt", v."UpdatedAt", v."ReinstatedAt", v."Version", v."NameVersion", v."PhoneVersion",
               v."NotesVersion", v."PriorityVersion", v."Code", v."Channel", v."Postponed", v."RedactedAt",
               CASE WHEN s."IsActive" THEN NULL ELSE s."Name" END
        FROM "Visits" AS v JOIN "Services" AS s ON s."Id" = v."ServiceId"
        WHERE v."Id" = $1
        """;

    private static (Visit, string?) ReadVisit(NpgsqlDataReader r)
    {
        DateTime? At(int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTime>(i);
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        var visit = new Visit
        {
            Id = r.GetGuid(0), BranchId = r.GetGuid(1), ServiceId = r.GetGuid(2), TicketDay = r.GetFieldValue<DateOnly>(3),
            TicketNumber = r.GetInt32(4), Ticket = r.GetString(5), Name = r.GetString(6), Phone = Text(7), Notes = Text(8),
            Priority = r.GetInt32(9), Status = Enum.Parse<VisitStatus>(r.GetString(10)),
            DeskId = r.IsDBNull(11) ? null : r.GetGuid(11), ArrivedAt = r.GetFieldValue<DateTime>(12), CalledAt = At(13),
            StartedAt = At(14), CompletedAt = At(15), UpdatedAt = r.GetFieldValue<DateTime>(16), ReinstatedAt = At(17),
            Version = r.GetInt64(18), NameVersion = r.GetInt64(19), PhoneVersion = r.GetInt64(20),
            NotesVersion = r.GetInt64(21), PriorityVersion = r.GetInt64(22), Code = Text(23),
            Channel = Enum.Parse<VisitChannel>(r.GetString(24)), Postponed = r.GetBoolean(25), RedactedAt = At(26),
        };
        return (visit, Text(27));
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresReceptionDbContext>
{
    public PostgresReceptionDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresReceptionDbContext>().UseNpgsql("Host=localhost").Options);
}
