using HessianWeb.Shared;
using System.Net;
using System.Net.Http.Json;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Server.Sweeps;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// The real server on a real loopback port, with a SQLite file in a temporary data directory (or the test run's
/// PostgreSQL: <see cref="TestStore"/>) and, unless turned off, its real local worker process connected over SignalR.
/// </summary>
public sealed class RunningServer : WebApplicationFactory<Program>
{
    readonly bool startLocalWorker;
    readonly bool ownsDataDirectory;
    readonly IReadOnlyDictionary<string, string> settings;

    /// <param name="settings">Configuration overrides, e.g. <c>Workers:ReconnectGrace</c>.</param>
    /// <param name="port">A fixed loopback port (a restart test starts the next server where workers expect it); 0 picks a free one.</param>
    public RunningServer(bool startLocalWorker = true, string? dataDirectory = null, IReadOnlyDictionary<string, string>? settings = null, int port = 0)
    {
        this.startLocalWorker = startLocalWorker;
        this.settings = settings ?? new Dictionary<string, string>();
        ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("hessianweb-test-").FullName;
        PostgreSqlStore = PostgreSqlStoreOf(DataDirectory);
        UseKestrel(k => k.Listen(IPAddress.Loopback, port));
        StartServer();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Http = new HttpClient { BaseAddress = BaseAddress, DefaultRequestHeaders = { Authorization = new("Bearer", BootstrapToken) } };
    }

    /// <summary>The admin token the tests' server accepts from start-up (<c>Access:BootstrapToken</c>), as automation would use it.</summary>
    public string BootstrapToken { get; } = HessianWeb.Server.Access.SecretTokens.New("boot_");

    /// <summary>A client of this server that presents no credentials at all.</summary>
    public HttpClient AnonymousHttp() => new() { BaseAddress = BaseAddress };

    /// <summary>A client that presents <paramref name="token"/> as its bearer token.</summary>
    public HttpClient HttpWithToken(string token) => new()
    {
        BaseAddress = BaseAddress,
        DefaultRequestHeaders = { Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token) },
    };

    public string DataDirectory { get; }

    /// <summary>The PostgreSQL database this server's store is in, or null on SQLite.</summary>
    public string? PostgreSqlStore { get; }

    /// <summary>
    /// On a PostgreSQL test run, the database of the store in <paramref name="dataDirectory"/>: the one a server before
    /// this one used there (a restart test: its name is kept in the folder), else a new one. A folder holding a SQLite
    /// store (a legacy store's copy) stays on SQLite.
    /// </summary>
    static string? PostgreSqlStoreOf(string dataDirectory)
    {
        var kept = Path.Combine(dataDirectory, "postgresql-store");
        if (File.Exists(kept)) return File.ReadAllText(kept);
        if (!TestStore.OnPostgreSql || File.Exists(Path.Combine(dataDirectory, "hessianweb.db"))) return null;
        var created = TestServices.NewPostgresDatabaseAsync().GetAwaiter().GetResult();
        File.WriteAllText(kept, created);
        return created;
    }
    public Uri BaseAddress { get; }
    public HttpClient Http { get; }

    /// <summary>A client of this server that presents the local worker's token, as a worker's transfers do.</summary>
    public HttpClient WorkerHttp() => HttpWithToken(Tokens.LocalToken);

    public RunStore Store => Services.GetRequiredService<RunStore>();
    public RunResults Results => Services.GetRequiredService<RunResults>();
    public RunListing Listing => Services.GetRequiredService<RunListing>();
    public RunQueue Queue => Services.GetRequiredService<RunQueue>();
    public AnalysisQueue AnalysisQueue => Services.GetRequiredService<AnalysisQueue>();
    public SweepStore Sweeps => Services.GetRequiredService<SweepStore>();
    public ArtifactFiles Artifacts => Services.GetRequiredService<ArtifactFiles>();
    public RunNotifier Notifier => Services.GetRequiredService<RunNotifier>();
    public WorkerRegistry Workers => Services.GetRequiredService<WorkerRegistry>();
    public WorkerTokens Tokens => Services.GetRequiredService<WorkerTokens>();
    public LocalWorkerSupervisor Supervisor => Services.GetRequiredService<LocalWorkerSupervisor>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in TestSettings(DataDirectory, startLocalWorker, BootstrapToken)) builder.UseSetting(key, value);
        if (PostgreSqlStore is { } store)
        {
            builder.UseSetting(StoreProvider.ProviderKey, StoreProvider.PostgreSql);
            builder.UseSetting(StoreProvider.ConnectionStringKey, store);
        }
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        builder.ConfigureServices(s => s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1)));
    }

    /// <summary>What every test's server starts with (before the test's own settings): its data directory, its local worker
    /// (on one thread) or none, and the admin token the test presents.</summary>
    public static IReadOnlyDictionary<string, string> TestSettings(string dataDirectory, bool startLocalWorker, string bootstrapToken) =>
        new Dictionary<string, string>
        {
            ["DataDirectory"] = dataDirectory,
            ["Workers:StartLocalWorker"] = startLocalWorker ? "true" : "false",
            ["Workers:LocalWorkerThreads"] = "1",
            [HessianWeb.Server.Access.Tokens.TokenAuthentication.BootstrapKey] = bootstrapToken,
        };

    /// <summary>Completes when a worker is registered (the registry's event, no polling).</summary>
    public async Task<ConnectedWorker> WaitForWorkerAsync(Func<ConnectedWorker, bool>? which = null, TimeSpan? timeout = null)
    {
        which ??= _ => true;
        var found = new TaskCompletionSource<ConnectedWorker>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check() { if (Workers.All.FirstOrDefault(which) is { } w) found.TrySetResult(w); }
        Workers.Changed += Check;
        try
        {
            Check();
            return await found.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
        }
        finally { Workers.Changed -= Check; }
    }

    public Task<Guid> PostRunAsync(ExperimentSpec spec) => Http.PostRunAsync(spec);

    /// <summary>Completes when the run's summary satisfies <paramref name="condition"/>, woken by the run's events.</summary>
    public async Task<RunSummary> WaitForRunAsync(Guid id, Func<RunSummary, bool> condition, TimeSpan? timeout = null)
    {
        var signal = new SemaphoreSlim(0);
        Task Wake()
        {
            signal.Release();
            return Task.CompletedTask;
        }
        using var sub = Notifier.Subscribe(id, _ => Wake(), Wake);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        while (true)
        {
            var run = await Results.GetAsync(id) ?? throw new InvalidOperationException($"Run {id} does not exist.");
            if (condition(run)) return run;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !await signal.WaitAsync(left))
                throw new TimeoutException($"Run {id} is {run.Status} ({run.Phase}) {run.Error}; the condition did not hold in time.");
        }
    }

    public Task<RunSummary> WaitForEndAsync(Guid id, TimeSpan? timeout = null) =>
        WaitForRunAsync(id, r => r.Status.IsTerminal(), timeout);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing) return;
        Http.Dispose();
        // A test that restarts on the same directory passes it in and owns it no longer.
        if (!ownsDataDirectory) return; // test.sh drops what databases such tests leave
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        if (PostgreSqlStore is { } database) TestServices.DropPostgresDatabaseAsync(database).GetAwaiter().GetResult();
    }
}
