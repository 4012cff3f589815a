using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reception.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DropLockBranchFunction : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // PostgresReceptionDbContext.LockBranchAsync sends the lock and its reads as plain
            // statements of one command now (cheaper for the database than PL/pgSQL): nothing calls it.
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS reception_lock_branch(uuid, uuid);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // As the LockBranchFunction migration made it.
            migrationBuilder.Sql("""
                CREATE FUNCTION reception_lock_branch(branch_id uuid, client_id uuid)
                RETURNS TABLE ("FeedVersion" bigint, "LastMutationId" bigint,
                               "LastContactAt" timestamp with time zone, "FirstPending" bigint)
                LANGUAGE plpgsql VOLATILE AS $$
                DECLARE
                    feed bigint;
                BEGIN
                    SELECT b."FeedVersion" INTO feed FROM "Branches" AS b WHERE b."Id" = branch_id FOR UPDATE;
                    IF NOT FOUND THEN
                        RETURN;
                    END IF;
                    RETURN QUERY
                        SELECT feed, l."LastMutationId", l."LastContactAt",
                               (SELECT min(i."MutationId") FROM "Inbox" AS i
                                 WHERE i."BranchId" = branch_id AND i."ClientId" = client_id AND i."Status" = 'Pending')
                        FROM (SELECT 1) AS one
                        LEFT JOIN "ClientLedgers" AS l ON l."BranchId" = branch_id AND l."ClientId" = client_id;
                END
                $$;
                """);
        }
    }
}
