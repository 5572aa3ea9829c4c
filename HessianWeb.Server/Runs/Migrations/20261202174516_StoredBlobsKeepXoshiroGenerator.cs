using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace HessianWeb.Server.Runs.Migrations
{
    /// <summary>
    /// Every spec stored before <c>data.generator</c> existed was drawn by the xoshiro blobs; read with the new default
    /// (scikit-learn's) it would silently get other data on a rerun or a re-analysis. This writes
    /// <c>"generator": "hessianWeb"</c> into each such spec: every run's, and every sweep's base (the spec its runs were
    /// merged from). Specs that already name a generator are left as they are. Non-blob specs get it too; they ignore it.
    /// </summary>
    public partial class StoredBlobsKeepXoshiroGenerator : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // json_set makes $.data (or $.base.data) when a stored spec left it out; a sweep's base written as null
            // would not be filled in by json_set, so it becomes an object with just this field.
            migrationBuilder.Sql(
                """
                UPDATE "Runs" SET "SpecJson" = json_set("SpecJson", '$.data.generator', 'hessianWeb')
                WHERE json_extract("SpecJson", '$.data.generator') IS NULL;
                """);
            migrationBuilder.Sql(
                """
                UPDATE "Sweeps" SET "SpecJson" = CASE
                    WHEN json_type("SpecJson", '$.base') = 'null' THEN json_set("SpecJson", '$.base', json('{"data":{"generator":"hessianWeb"}}'))
                    ELSE json_set("SpecJson", '$.base.data.generator', 'hessianWeb') END
                WHERE json_extract("SpecJson", '$.base.data.generator') IS NULL;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Nothing to undo: code from before the field ignores it, and removing it would hand these runs the new default.
        }
    }
}
