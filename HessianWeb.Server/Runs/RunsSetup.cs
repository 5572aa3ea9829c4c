using HessianWeb.Shared;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Server.Runs.Migrations;
using HessianWeb.Server.Sweeps;
using HessianWeb.Server.Uploads;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs;

public static class RunsSetup
{
    /// <summary>
    /// The run store: a SQLite file under the data directory (<c>DataDirectory</c>, default <c>data/</c> beside the
    /// server's content root), or PostgreSQL (<see cref="StoreProvider"/>); the runs' arrays are safetensors files under
    /// <c>Artifacts:Directory</c> (default: the data directory).
    /// </summary>
    public static WebApplicationBuilder AddRuns(this WebApplicationBuilder builder)
    {
        var dataDirectory = DataDirectory(builder.Configuration, builder.Environment);
        Directory.CreateDirectory(dataDirectory);
        var provider = StoreProvider.FromConfiguration(builder.Configuration, dataDirectory);
        builder.Services.AddSingleton(provider);
        provider.AddTo(builder.Services);
        builder.Services.AddSingleton<RunNotifier>();
        builder.Services.AddSingleton<Diagnostics.LiveRenderLag>();
        builder.Services.AddRunStore(ArtifactsDirectory(builder.Configuration, dataDirectory));
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
    /// <see cref="RunNotifier"/>, with the runs' array files under <paramref name="artifactsDirectory"/>.
    /// </summary>
    public static IServiceCollection AddRunStore(this IServiceCollection services, string artifactsDirectory) => services
        .AddSingleton(new ArtifactFiles(artifactsDirectory))
        .AddSingleton<RunStore>()
        .AddSingleton<RunResults>()
        .AddSingleton<RunListing>()
        .AddSingleton<RunQueue>()
        .AddSingleton<AnalysisQueue>()
        .AddSingleton<SweepStore>()
        .AddUploadStore();

    /// <summary><c>Artifacts:Directory</c>, or the data directory: with several instances, a file system they all share.</summary>
    public static string ArtifactsDirectory(IConfiguration configuration, string dataDirectory) =>
        configuration["Artifacts:Directory"] is { Length: > 0 } configured ? Path.GetFullPath(configured) : dataDirectory;

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
            if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
