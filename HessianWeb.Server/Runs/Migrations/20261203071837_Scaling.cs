using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HessianWeb.Server.Runs.Migrations
{
    /// <inheritdoc />
    public partial class Scaling : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "HeldBy",
                table: "Runs",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ServerInstances",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HeartbeatAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    WorkersJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServerInstances", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_HeldBy",
                table: "Runs",
                column: "HeldBy");

            migrationBuilder.CreateIndex(
                name: "IX_ServerInstances_HeartbeatAt",
                table: "ServerInstances",
                column: "HeartbeatAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ServerInstances");

            migrationBuilder.DropIndex(
                name: "IX_Runs_HeldBy",
                table: "Runs");

            migrationBuilder.DropColumn(
                name: "HeldBy",
                table: "Runs");
        }
    }
}
