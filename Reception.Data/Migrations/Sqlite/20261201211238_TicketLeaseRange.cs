using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reception.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class TicketLeaseRange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "LastLeased",
                table: "TicketCounters",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastLeased",
                table: "TicketCounters");
        }
    }
}
