using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Runs.Listing;

/// <summary>
/// The server's run store over a real SQLite file in a temporary data directory (or the test run's PostgreSQL:
/// <see cref="TestStore"/>), without a server.
/// </summary>
public sealed class ListingStore : IAsyncDisposable
{
    readonly ServiceProvider services;
    readonly TestStore store;

    ListingStore(string dataDirectory, TestStore store, Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        DataDirectory = dataDirectory;
        this.store = store;
        services = store.Provider.AddTo(new ServiceCollection().AddLogging(), interceptors)
            .AddSingleton<RunNotifier>()
            .AddRunStore(dataDirectory)
            .BuildServiceProvider();
    }

    public string DataDirectory { get; }
    public RunStore Store => services.GetRequiredService<RunStore>();
    public RunResults Results => services.GetRequiredService<RunResults>();
    public RunListing Listing => services.GetRequiredService<RunListing>();
    public RunNotifier Notifier => services.GetRequiredService<RunNotifier>();
    public IDbContextFactory<RunsDbContext> Db => services.GetRequiredService<IDbContextFactory<RunsDbContext>>();

    public StoreProvider Provider => store.Provider;

    /// <param name="interceptors">What sees the store's commands (a test of the SQL the listing sends).</param>
    public static Task<ListingStore> CreateAsync(params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors) =>
        CreateAsync(TestStore.OnPostgreSql, interceptors);

    /// <summary>On the database named, whatever this test run's switch says.</summary>
    public static async Task<ListingStore> CreateAsync(bool postgreSql, params Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor[] interceptors)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("hessianweb-listing-").FullName;
        var store = new ListingStore(dataDirectory, await TestStore.CreateAsync(Path.Combine(dataDirectory, "hessianweb.db"), postgreSql), interceptors);
        await using var db = await store.Db.CreateDbContextAsync();
        await HessianWeb.Server.Runs.Migrations.RunStoreSchema.MigrateAsync(db);
        return store;
    }

    /// <summary>A run created <paramref name="daysAgo"/> days before 2026-06-30 12:00 UTC, with the given status and results.</summary>
    public async Task<Guid> AddAsync(string name, RunStatus status = RunStatus.Completed, int daysAgo = 0,
        double? trainLoss = null, double? topEigenvalue = null, int? outliers = null, string[]? tags = null, bool noClearGap = false)
    {
        var run = await Store.CreateAsync(new ExperimentSpec { Name = name });
        var events = new List<RunEvent>();
        void Add(Func<RunEvent, RunEvent> payload) =>
            events.Add(payload(new RunEvent { RunId = run.Id, Sequence = run.LastSequence + 1 + events.Count, Kind = RunEventKind.Status }));
        Add(e => e with { Status = new StatusChange(RunStatus.Running, RunPhase.Training) });
        if (trainLoss is { } loss) Add(e => e with { Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(10, loss, 0.9, loss * 2, 0.8, 1e-3) });
        if (topEigenvalue is { } top)
            Add(e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Lanczos, [top, top / 2]) });
        if (outliers is { } count)
            Add(e => e with { Kind = RunEventKind.Outliers, Outliers = new OutlierResult(Checkpoints.End, CurvatureOperators.Hessian, count, 0.1, 4, 3, "gap", "exact", false, NoClearGap: noClearGap) });
        if (status != RunStatus.Running) Add(e => e with { Status = new StatusChange(status) });
        await Store.AppendAsync(events);
        if (tags is not null) await Listing.UpdateAsync(run.Id, new(Tags: tags));
        var created = new DateTime(2026, 6, 30, 12, 0, 0, DateTimeKind.Utc).AddDays(-daysAgo);
        await using var db = await Db.CreateDbContextAsync();
        await db.Runs.Where(r => r.Id == run.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, created));
        return run.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        await store.DisposeAsync();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
