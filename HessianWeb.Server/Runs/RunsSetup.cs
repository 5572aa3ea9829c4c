using HessianWeb.Shared;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Server.Runs.Migrations;
using HessianWeb.Server.Sweeps;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Specs;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

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
        builder.Services.AddRunStore();
        builder.Services.AddSingleton<RunAnalyses>();
        builder.Services.AddSingleton<RunInterpolations>();
        builder.Services.AddSingleton<RunSubmission>();
        builder.Services.AddSingleton<RunRemoval>();
        builder.Services.AddHostedService<RunStoreInitializer>();
        builder.Services.ConfigureHttpJsonOptions(o => JsonFormat.Configure(o.SerializerOptions));
        return builder;
    }

    /// <summary>
    /// The store's write path and each feature's reads and writes over it, given a <see cref="RunsDbContext"/> factory and a
    /// <see cref="RunNotifier"/>. The runs' array files are in the data directory, the folder that holds the SQLite file.
    /// </summary>
    public static IServiceCollection AddRunStore(this IServiceCollection services) => services
        .AddSingleton(sp => new ArtifactFiles(DataDirectoryOf(sp.GetRequiredService<IDbContextFactory<RunsDbContext>>())))
        .AddSingleton<RunStore>()
        .AddSingleton<RunResults>()
        .AddSingleton<RunListing>()
        .AddSingleton<RunQueue>()
        .AddSingleton<AnalysisQueue>()
        .AddSingleton<SweepStore>();

    static string DataDirectoryOf(IDbContextFactory<RunsDbContext> dbFactory)
    {
        using var db = dbFactory.CreateDbContext();
        var file = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        return Path.GetDirectoryName(Path.GetFullPath(file))!;
    }

    public static string DataDirectory(IConfiguration configuration, IHostEnvironment environment) =>
        Path.GetFullPath(configuration["DataDirectory"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(environment.ContentRootPath, "data"));
}

/// <summary>Migrates the store before the server takes requests (runs a restart interrupted: Workers/InterruptedRuns).</summary>
sealed class RunStoreInitializer(IDbContextFactory<RunsDbContext> dbFactory, ILogger<RunStoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (await RunStoreSchema.MigrateAsync(db, ct))
                logger.LogInformation("The store {Store} was from before migrations: brought to the first migration's schema and recorded as at it", db.Database.GetDbConnection().DataSource);
            // WAL lets the pages read while the hub writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
