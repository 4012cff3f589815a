using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reception.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Reinstate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "ReinstatedAt",
                table: "Visits",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DeskId",
                table: "Changes",
                type: "TEXT",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ReinstatedAt",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "DeskId",
                table: "Changes");
        }
    }
}
