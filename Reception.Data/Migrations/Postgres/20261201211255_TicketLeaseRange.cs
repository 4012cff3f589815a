using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Reception.Data.Migrations.Postgres
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
                type: "integer",
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
