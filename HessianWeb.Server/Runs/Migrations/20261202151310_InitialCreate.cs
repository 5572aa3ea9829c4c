using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HessianWeb.Server.Runs.Migrations
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Analyses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Checkpoint = table.Column<string>(type: "TEXT", nullable: false),
                    Label = table.Column<string>(type: "TEXT", nullable: false),
                    AnalysisJson = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    WorkerName = table.Column<string>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    FirstSequence = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Analyses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Interpolations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromRunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FromCheckpoint = table.Column<string>(type: "TEXT", nullable: false),
                    ToRunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ToCheckpoint = table.Column<string>(type: "TEXT", nullable: false),
                    LineJson = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Interpolations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RunEvents",
                columns: table => new
                {
                    RunId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    Json = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RunEvents", x => new { x.RunId, x.Sequence });
                });

            migrationBuilder.CreateTable(
                name: "Runs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    Phase = table.Column<string>(type: "TEXT", nullable: true),
                    SpecJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    EndedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    ParameterCount = table.Column<long>(type: "INTEGER", nullable: true),
                    LatestMetricsJson = table.Column<string>(type: "TEXT", nullable: true),
                    TopEigenvalue = table.Column<double>(type: "REAL", nullable: true),
                    WorkerName = table.Column<string>(type: "TEXT", nullable: true),
                    LastSequence = table.Column<long>(type: "INTEGER", nullable: false),
                    SweepId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SweepIndex = table.Column<int>(type: "INTEGER", nullable: true),
                    SweepPointJson = table.Column<string>(type: "TEXT", nullable: true),
                    FinalTrainLoss = table.Column<double>(type: "REAL", nullable: true),
                    FinalTrainAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    FinalTestAccuracy = table.Column<double>(type: "REAL", nullable: true),
                    EndOutlierCount = table.Column<int>(type: "INTEGER", nullable: true),
                    EndTrace = table.Column<double>(type: "REAL", nullable: true),
                    EndTraceMethod = table.Column<string>(type: "TEXT", nullable: true),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    Archived = table.Column<bool>(type: "INTEGER", nullable: false),
                    QueueRank = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Sweeps",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Preset = table.Column<string>(type: "TEXT", nullable: true),
                    SpecJson = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RunCount = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sweeps", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Analyses_RunId_Label",
                table: "Analyses",
                columns: new[] { "RunId", "Label" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Analyses_Status_CreatedAt",
                table: "Analyses",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Interpolations_RunId",
                table: "Interpolations",
                column: "RunId");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Archived_CreatedAt",
                table: "Runs",
                columns: new[] { "Archived", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_CreatedAt",
                table: "Runs",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_EndOutlierCount",
                table: "Runs",
                column: "EndOutlierCount");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_EndTrace",
                table: "Runs",
                column: "EndTrace");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_FinalTestAccuracy",
                table: "Runs",
                column: "FinalTestAccuracy");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_FinalTrainAccuracy",
                table: "Runs",
                column: "FinalTrainAccuracy");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_FinalTrainLoss",
                table: "Runs",
                column: "FinalTrainLoss");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Name",
                table: "Runs",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_ParameterCount",
                table: "Runs",
                column: "ParameterCount");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Status",
                table: "Runs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_Status_EndedAt",
                table: "Runs",
                columns: new[] { "Status", "EndedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Runs_SweepId",
                table: "Runs",
                column: "SweepId");

            migrationBuilder.CreateIndex(
                name: "IX_Runs_TopEigenvalue",
                table: "Runs",
                column: "TopEigenvalue");

            migrationBuilder.CreateIndex(
                name: "IX_Sweeps_CreatedAt",
                table: "Sweeps",
                column: "CreatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Analyses");

            migrationBuilder.DropTable(
                name: "Interpolations");

            migrationBuilder.DropTable(
                name: "RunEvents");

            migrationBuilder.DropTable(
                name: "Runs");

            migrationBuilder.DropTable(
                name: "Sweeps");
        }
    }
}
