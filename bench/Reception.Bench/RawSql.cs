namespace Reception.Bench;

/// <summary>
/// The baseline's statements, against the tables the app's migrations created. Each is one
/// round trip; positional parameters, not prepared (as EF sends its own).
/// </summary>
internal static class RawSql
{
    public const string LockBranch = """SELECT "FeedVersion" FROM "Branches" WHERE "Id" = $1 FOR UPDATE""";

    public const string NextTicket = """
        INSERT INTO "TicketCounters" ("ServiceId", "Day", "LastNumber") VALUES ($1, $2, 1)
        ON CONFLICT ("ServiceId", "Day") DO UPDATE SET "LastNumber" = "TicketCounters"."LastNumber" + 1
        RETURNING "LastNumber"
        """;

    public const string InsertVisit = """
        INSERT INTO "Visits" ("Id", "BranchId", "ServiceId", "TicketDay", "TicketNumber", "Ticket", "Name", "Phone",
            "Notes", "Priority", "Status", "DeskId", "ArrivedAt", "CalledAt", "StartedAt", "CompletedAt", "UpdatedAt",
            "Version", "NameVersion", "PhoneVersion", "NotesVersion", "PriorityVersion")
        VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, 0, 'Waiting', NULL, $8, NULL, NULL, NULL, $8, $9, $9, $9, $9, $9)
        """;

    // The row comes back whole, to write the change and the result from it (as the pipeline's visit DTO).
    private const string Returning = """
        RETURNING "Id", "ServiceId", "Ticket", "Name", "Phone", "Notes", "Priority", "Status", "DeskId", "ArrivedAt",
            "CalledAt", "StartedAt", "CompletedAt", "UpdatedAt", "Version", "NameVersion", "PhoneVersion", "NotesVersion",
            "PriorityVersion"
        """;

    // $1 visit, $2 version, $3 now, $4 the new value (phone or desk).
    public const string UpdatePhone =
        """UPDATE "Visits" SET "Phone" = $4, "PhoneVersion" = $2, "Version" = $2, "UpdatedAt" = $3 WHERE "Id" = $1 """ + Returning;

    public const string Call =
        """UPDATE "Visits" SET "Status" = 'Called', "DeskId" = $4, "CalledAt" = $3, "Version" = $2, "UpdatedAt" = $3 WHERE "Id" = $1 AND "Status" = 'Waiting' """ + Returning;

    public const string StartService =
        """UPDATE "Visits" SET "Status" = 'Serving', "StartedAt" = $3, "Version" = $2, "UpdatedAt" = $3 WHERE "Id" = $1 AND "Status" = 'Called' AND "DeskId" = $4 """ + Returning;

    public const string Complete =
        """UPDATE "Visits" SET "Status" = 'Done', "CompletedAt" = $3, "Version" = $2, "UpdatedAt" = $3 WHERE "Id" = $1 AND "Status" = 'Serving' """ + Returning;

    public const string InsertNotification = """
        INSERT INTO "Notifications" ("BranchId", "Kind", "VisitId", "Ticket", "DeskId", "DeskName", "Message", "Version", "At")
        VALUES ($1, 'called', $2, $3, $4, $5, $6, $7, $8)
        """;

    public const string InsertChange = """
        INSERT INTO "Changes" ("BranchId", "Version", "VisitId", "Data", "ClientId", "MutationId", "By", "At")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """;

    // Exactly once in one statement: the ledger only moves from mutationId - 1.
    public const string AdvanceLedger = """
        INSERT INTO "ClientLedgers" ("BranchId", "ClientId", "LastMutationId", "LastContactAt") VALUES ($1, $2, $3, $4)
        ON CONFLICT ("BranchId", "ClientId") DO UPDATE
        SET "LastMutationId" = EXCLUDED."LastMutationId", "LastContactAt" = EXCLUDED."LastContactAt"
        WHERE "ClientLedgers"."LastMutationId" = EXCLUDED."LastMutationId" - 1
        """;

    public const string InsertMutationRecord = """
        INSERT INTO "MutationRecords" ("BranchId", "ClientId", "MutationId", "PayloadHash", "Status", "Result", "At")
        VALUES ($1, $2, $3, $4, 'applied', $5, $6)
        """;

    public const string BumpFeed = """UPDATE "Branches" SET "FeedVersion" = $2 WHERE "Id" = $1""";
}
