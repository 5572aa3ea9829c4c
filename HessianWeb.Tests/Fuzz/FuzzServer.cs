using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Fuzz;

/// <summary>
/// The real server over a temporary SQLite store with no worker (nothing accepted is ever computed), and the runs the
/// fuzzed requests point at: two completed runs with saved weights (<see cref="FabricatedRun"/>), a queued run and a sweep.
/// </summary>
public sealed class FuzzServer : IAsyncLifetime
{
    public RunningServer Server { get; } = new(startLocalWorker: false);
    public Guid Completed { get; private set; }
    public Guid Other { get; private set; }
    public Guid Queued { get; private set; }
    public Guid Sweep { get; private set; }
    public Guid Analysis { get; private set; }
    public ExperimentSpec CompletedSpec { get; private set; } = new();

    public async Task InitializeAsync()
    {
        Completed = (await FabricatedRun.CreateAsync(Server.Store, Server.Results)).Id;
        Other = (await FabricatedRun.CreateAsync(Server.Store, Server.Results)).Id;
        Queued = await Server.PostRunAsync(new ExperimentSpec { Name = "queued for the fuzz" });
        CompletedSpec = (await Server.Results.GetAsync(Completed))!.Spec;
        var sweep = await Server.Http.PostAsJsonAsync("/api/sweeps", new { name = "fuzz", axes = new[] { new { path = "data.classes", values = new[] { 2, 3 } } } });
        Sweep = (await sweep.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var analysis = await Server.Http.PostAsJsonAsync($"/api/runs/{Completed}/analyses", new { checkpoint = "end" });
        Analysis = (await analysis.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("analysisId").GetGuid();
    }

    /// <summary>What the store holds, counted, and the completed run's editable fields: a refused request changes none of it.</summary>
    public async Task<StoreSnapshot> SnapshotAsync()
    {
        await using var db = await Server.Services.GetRequiredService<IDbContextFactory<RunsDbContext>>().CreateDbContextAsync();
        var run = await db.Runs.AsNoTracking().Where(r => r.Id == Completed).Select(r => new { r.Tags, r.Note, r.Archived }).SingleAsync();
        return new StoreSnapshot(
            await db.Runs.CountAsync(), await db.RunEvents.CountAsync(), await db.Sweeps.CountAsync(), await db.Analyses.CountAsync(),
            await db.Interpolations.CountAsync(), run.Tags, run.Note, run.Archived);
    }

    public Task DisposeAsync()
    {
        Server.Dispose();
        return Task.CompletedTask;
    }
}

public sealed record StoreSnapshot(int Runs, int Events, int Sweeps, int Analyses, int Interpolations, string Tags, string? Note, bool Archived);
