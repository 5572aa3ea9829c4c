using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace HessianWeb.Server.Runs;

public static class RunsSetup
{
    /// <summary>
    /// The run store: a SQLite file under the data directory (<c>DataDirectory</c>, default
    /// <c>data/</c> beside the server's content root), with the runs' arrays as safetensors files beside it.
    /// </summary>
    public static WebApplicationBuilder AddRuns(this WebApplicationBuilder builder)
    {
        var dataDirectory = DataDirectory(builder.Configuration, builder.Environment);
        Directory.CreateDirectory(dataDirectory);
        var dbPath = Path.Combine(dataDirectory, "hessianweb.db");
        builder.Services.AddDbContextFactory<RunsDbContext>(o => o.UseSqlite($"Data Source={dbPath}"));
        builder.Services.AddSingleton<RunNotifier>();
        builder.Services.AddSingleton<Diagnostics.LiveRenderLag>();
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<RunAnalyses>();
        builder.Services.AddSingleton<RunInterpolations>();
        builder.Services.AddHostedService<RunStoreInitializer>();
        builder.Services.ConfigureHttpJsonOptions(o => SpecJson.Configure(o.SerializerOptions));
        return builder;
    }

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetFullPath(configuration["DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment.ContentRootPath, "data"));
}

/// <summary>Creates the schema before the server takes requests (runs a restart interrupted: Workers/InterruptedRuns).</summary>
sealed class RunStoreInitializer(IDbContextFactory<RunsDbContext> dbFactory) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.Database.EnsureCreatedAsync(ct))
            {
                // Columns first: the create script's new indexes may be on new columns of old tables.
                await AddMissingColumnsAsync(db, ct);
                await AddMissingTablesAsync(db, ct);
            }
            // WAL lets the pages read while the hub writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// A data directory from an older version lacks the columns added since to tables it has (the runs list's
    /// columns, tags, note, archived): add each, nullable or with its type's zero, before indexes refer to them.
    /// </summary>
    static async Task AddMissingColumnsAsync(RunsDbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            foreach (var entity in db.Model.GetEntityTypes())
            {
                if (entity.GetTableName() is not { } table) continue;
                var existing = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                await using (var pragma = connection.CreateCommand())
                {
                    pragma.CommandText = $"SELECT name FROM pragma_table_info('{table}')";
                    await using var reader = await pragma.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct)) existing.Add(reader.GetString(0));
                }
                if (existing.Count == 0) continue; // a new table: AddMissingTablesAsync creates it whole
                var storeObject = Microsoft.EntityFrameworkCore.Metadata.StoreObjectIdentifier.Table(table, entity.GetSchema());
                foreach (var property in entity.GetProperties())
                {
                    var column = property.GetColumnName(storeObject);
                    if (column is null || existing.Contains(column)) continue;
                    var type = property.GetColumnType();
                    var zero = type.Equals("TEXT", StringComparison.OrdinalIgnoreCase) ? "''" : "0";
                    var sql = $"ALTER TABLE \"{table}\" ADD COLUMN \"{column}\" {type}" + (property.IsNullable ? "" : $" NOT NULL DEFAULT {zero}");
                    await db.Database.ExecuteSqlRawAsync(sql, ct);
                }
            }
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    /// <summary>
    /// A data directory from an older version lacks the tables added since (analyses): create those, and
    /// leave what exists alone. Only additive changes (new tables and indexes) are upgraded this way.
    /// </summary>
    static async Task AddMissingTablesAsync(RunsDbContext db, CancellationToken ct)
    {
        var script = db.Database.GenerateCreateScript()
            .Replace("CREATE TABLE \"", "CREATE TABLE IF NOT EXISTS \"")
            .Replace("CREATE INDEX \"", "CREATE INDEX IF NOT EXISTS \"")
            .Replace("CREATE UNIQUE INDEX \"", "CREATE UNIQUE INDEX IF NOT EXISTS \"");
        await db.Database.ExecuteSqlRawAsync(script, ct);
    }
}
