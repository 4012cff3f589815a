using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reception.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class RemoteJoin : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "NotForSelfCheckIn",
                table: "Services",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "JoinDuringHoursOnly",
                table: "Branches",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<bool>(
                name: "JoinPhoneRequired",
                table: "Branches",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "OpeningHours",
                table: "Branches",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "RemoteJoin",
                table: "Branches",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "RemoteJoins",
                columns: table => new
                {
                    VisitId = table.Column<Guid>(type: "uuid", nullable: false),
                    BranchId = table.Column<Guid>(type: "uuid", nullable: false),
                    Device = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RemoteJoins", x => x.VisitId);
                });

            migrationBuilder.CreateIndex(
                name: "IX_RemoteJoins_Address",
                table: "RemoteJoins",
                column: "Address");

            migrationBuilder.CreateIndex(
                name: "IX_RemoteJoins_Device",
                table: "RemoteJoins",
                column: "Device");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "RemoteJoins");

            migrationBuilder.DropColumn(
                name: "NotForSelfCheckIn",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "JoinDuringHoursOnly",
                table: "Branches");

            migrationBuilder.DropColumn(
                name: "JoinPhoneRequired",
                table: "Branches");

            migrationBuilder.DropColumn(
                name: "OpeningHours",
                table: "Branches");

            migrationBuilder.DropColumn(
                name: "RemoteJoin",
                table: "Branches");
        }
    }
}
