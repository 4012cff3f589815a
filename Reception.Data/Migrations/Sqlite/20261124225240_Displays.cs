using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reception.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "By",
                table: "MutationRecords",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DisplayTokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    BranchId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    TokenHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    IsActive = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
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
