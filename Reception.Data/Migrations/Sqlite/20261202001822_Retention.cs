using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reception.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Retention : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "RedactedAt",
                table: "Visits",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "RedactedUntil",
                table: "Branches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RetentionDays",
                table: "Branches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 90);

            migrationBuilder.CreateIndex(
                name: "IX_Visits_BranchId_RedactedAt_TicketDay",
                table: "Visits",
                columns: new[] { "BranchId", "RedactedAt", "TicketDay" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Visits_BranchId_RedactedAt_TicketDay",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "RedactedAt",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "RedactedUntil",
                table: "Branches");

            migrationBuilder.DropColumn(
                name: "RetentionDays",
                table: "Branches");
        }
    }
}
