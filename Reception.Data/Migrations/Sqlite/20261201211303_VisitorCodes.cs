using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reception.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class VisitorCodes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "Visits",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Desk");

            migrationBuilder.AddColumn<string>(
                name: "Code",
                table: "Visits",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Postponed",
                table: "Visits",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "PostponePlaces",
                table: "Branches",
                type: "INTEGER",
                nullable: false,
                defaultValue: 3);

            migrationBuilder.CreateIndex(
                name: "IX_Visits_Code",
                table: "Visits",
                column: "Code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Visits_Code",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "Code",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "Postponed",
                table: "Visits");

            migrationBuilder.DropColumn(
                name: "PostponePlaces",
                table: "Branches");
        }
    }
}
