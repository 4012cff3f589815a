using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reception.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Displays : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Action",
                table: "MutationRecords",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "By",
                table: "MutationRecords",
                type: "character varying(256)",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DisplayTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    BranchId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    TokenHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IsActive = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisplayTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisplayTokens_Branches_BranchId",
                        column: x => x.BranchId,
                        principalTable: "Branches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Visits_BranchId_ArrivedAt",
                table: "Visits",
                columns: new[] { "BranchId", "ArrivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_MutationRecords_BranchId_Status_At",
                table: "MutationRecords",
                columns: new[] { "BranchId", "Status", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_DisplayTokens_BranchId",
                table: "DisplayTokens",
                column: "BranchId");

            migrationBuilder.CreateIndex(
                name: "IX_DisplayTokens_TokenHash",
                table: "DisplayTokens",
                column: "TokenHash",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DisplayTokens");

            migrationBuilder.DropIndex(
                name: "IX_Visits_BranchId_ArrivedAt",
                table: "Visits");

            migrationBuilder.DropIndex(
                name: "IX_MutationRecords_BranchId_Status_At",
                table: "MutationRecords");

            migrationBuilder.DropColumn(
                name: "Action",
                table: "MutationRecords");

            migrationBuilder.DropColumn(
                name: "By",
                table: "MutationRecords");
        }
    }
}
