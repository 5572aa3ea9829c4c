using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Hubs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Workers.Scaling;

/// <summary>
/// One store that several <see cref="SharedStoreInstance"/>s share, as server processes share it (a SQLite file, or a
/// PostgreSQL database on test.sh's second pass: <see cref="TestStore"/>), with one artifacts folder; one recording hub for
/// all, standing for the SignalR backplane; one clock the test steps.
/// </summary>
public sealed class SharedStore : IAsyncDisposable
{
    readonly string directory = Path.Combine(Path.GetTempPath(), $"hessianweb-scaling-{Guid.NewGuid():N}");
    readonly List<SharedStoreInstance> instances = [];
    TestStore store = null!;

    public ManualClock Clock { get; } = new();
    public RecordingWorkerHub Hub { get; } = new();

    /// <summary>The reconnect grace every instance gives; the instance timeout is the default, 20 s.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan InstanceTimeout = TimeSpan.FromSeconds(20);

    public StoreProvider Provider => store.Provider;

    public string ArtifactsDirectory => directory;

    public static async Task<SharedStore> CreateAsync()
    {
        var shared = new SharedStore();
        Directory.CreateDirectory(shared.directory);
        shared.store = await TestStore.CreateAsync(Path.Combine(shared.directory, "hessianweb.db"));
        await using var db = shared.Provider.CreateContext();
        await HessianWeb.Server.Runs.Migrations.RunStoreSchema.MigrateAsync(db);
        if (!shared.Provider.IsPostgreSql) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        return shared;
    }

    /// <summary>A server instance over this store, started (joined, subscribed to its run list); it beats only when the test says.</summary>
    public async Task<SharedStoreInstance> StartAsync(string name)
    {
        var instance = new SharedStoreInstance(this, name);
        instances.Add(instance);
        await instance.Instances.StartAsync(CancellationToken.None);
        return instance;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in instances) await instance.DisposeAsync();
        await store.DisposeAsync();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}

public sealed class SharedStoreInstance : IAsyncDisposable
{
    readonly ServiceProvider services;
    bool left;

    internal SharedStoreInstance(SharedStore shared, string name)
    {
        Me = new ServerInstance(Guid.NewGuid(), name);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Workers:ReconnectGrace"] = SharedStore.Grace.ToString("c"),
            ["Scaling:InstanceTimeout"] = SharedStore.InstanceTimeout.ToString("c"),
            // The test beats by hand (BeatAsync): the timer's beat never falls due while it steps the clock.
            ["Scaling:HeartbeatInterval"] = TimeSpan.FromDays(1).ToString("c"),
        }).Build();
        var collection = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<TimeProvider>(shared.Clock)
            .AddSingleton<RunNotifier>()
            .AddSingleton<WorkerRegistry>()
            .AddSingleton<IHubContext<ComputeHub, IComputeWorker>>(shared.Hub)
            .AddSingleton<RunScheduler>()
            .AddSingleton<WorkerCapacities>();
        shared.Provider.AddTo(collection);
        collection.AddOptions<WorkerOptions>().BindConfiguration("Workers");
        collection.AddRunStore(shared.ArtifactsDirectory);
        collection.AddServerInstances(Me);
        services = collection.BuildServiceProvider();
    }

    public ServerInstance Me { get; }
    public RunStore Store => services.GetRequiredService<RunStore>();
    public RunResults Results => services.GetRequiredService<RunResults>();
    public RunQueue Queue => services.GetRequiredService<RunQueue>();
    public AnalysisQueue Analyses => services.GetRequiredService<AnalysisQueue>();
    public WorkerRegistry Registry => services.GetRequiredService<WorkerRegistry>();
    public RunScheduler Scheduler => services.GetRequiredService<RunScheduler>();
    public ServerInstances Instances => services.GetRequiredService<ServerInstances>();
    public InterruptedRuns Interrupted => services.GetRequiredService<InterruptedRuns>();
    public WorkerCapacities Capacities => services.GetRequiredService<WorkerCapacities>();

    /// <summary>A worker connected to this instance, named by this instance's name so that the hub's log tells them apart.</summary>
    public Task<ConnectedWorker> RegisterAsync(string worker, Guid? workerId = null, Guid? claimedRun = null) =>
        Scheduler.RegisterAsync(new ConnectedWorker($"{Me.Name}/{worker}", worker, "cpu (test)", 1, 4242, "test", DateTime.UtcNow, null)
        {
            WorkerId = workerId ?? Guid.NewGuid(),
            TokenId = "local",
        }, claimedRun);

    /// <summary>A graceful stop: the instance leaves (the others see it gone from now on).</summary>
    public async Task StopAsync()
    {
        left = true;
        await Instances.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (!left) await StopAsync();
        await services.DisposeAsync();
    }
}
