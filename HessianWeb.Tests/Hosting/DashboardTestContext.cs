using Bunit;
using Bunit.TestDoubles;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Accounts;
using HessianWeb.Server.Access.Audit;
using HessianWeb.Server.Access.Invitations;
using HessianWeb.Server.Access.Shares;
using HessianWeb.Server.Access.Tokens;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Server.Sweeps;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// bUnit with the server's real run store (SQLite in a temporary file, or the test run's PostgreSQL: <see cref="TestStore"/>),
/// notifier, registry and scheduler. Workers are entries in the registry; what the scheduler sends them is recorded.
/// </summary>
public abstract class DashboardTestContext : BunitContext, IAsyncLifetime
{
    readonly string artifactsDirectory = Directory.CreateTempSubdirectory("hessianweb-bunit-").FullName;
    readonly TestStore store;

    /// <param name="clock">What the pages and the notifier time their intervals by: the system's unless a test steps its own.</param>
    protected DashboardTestContext(TimeProvider? clock = null)
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLogging();
        Services.AddSingleton(clock ?? TimeProvider.System);
        store = TestStore.Create(Path.Combine(artifactsDirectory, "hessianweb.db"));
        store.Provider.AddTo(Services, ListQueries);
        Services.AddSingleton<RunNotifier>();
        Services.AddSingleton<HessianWeb.Server.Diagnostics.LiveRenderLag>();
        Services.AddRunStore(artifactsDirectory);
        Services.AddSingleton<WorkerRegistry>();
        Services.AddSingleton<WorkerCapacities>();
        Services.AddSingleton<IHubContext<ComputeHub, IComputeWorker>>(WorkerHub);
        Services.AddSingleton<RunScheduler>();
        Services.AddServerInstances(new ServerInstance(Guid.NewGuid(), "test"));
        Services.AddSingleton<RunAnalyses>();
        Services.AddSingleton<RunInterpolations>();
        Services.AddSingleton<RunSubmission>();
        Services.AddSingleton<RunRemoval>();
        Services.AddSingleton<HessianWeb.Server.Comparison.ComparisonLoader>();
        // The supervisor is never started here: the home page only reads its Problem.
        Services.AddSingleton(Options.Create(new WorkerOptions { StartLocalWorker = false }));
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        Services.AddSingleton<WorkerTokens>();
        Services.AddSingleton<IServer, NoServer>();
        Services.AddSingleton<IHostApplicationLifetime, NoLifetime>();
        Services.AddSingleton<LocalWorkerSupervisor>();
        // Access: the real stores over the same database; the pages' user is an admin unless a test says otherwise.
        Services.AddDataProtection();
        Services.AddIdentityCore<HessianUser>().AddEntityFrameworkStores<RunsDbContext>();
        Services.AddSingleton<AuditLog>();
        Services.AddSingleton<ShareLinks>();
        Services.AddSingleton<ApiTokens>();
        Services.AddSingleton<WorkerTokenStore>();
        Services.AddSingleton<Invitations>();
        Services.AddSingleton<Accounts>();
        Authorization = AddAuthorization();
        Authorization.SetAuthorized("tester");
        Authorization.SetRoles(Roles.Admin);
        Authorization.SetPolicies(Policies.Reader, Policies.Viewer, Policies.Member, Policies.Admin, Policies.Connected);
        Authorization.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, Roles.Admin));
        // As in the app: interactive server rendering. Last: it builds the service provider.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    protected RecordingWorkerHub WorkerHub { get; } = new();
    /// <summary>Who the rendered pages see as signed in (an admin named "tester" unless a test changes it).</summary>
    protected BunitAuthorizationContext Authorization { get; }
    /// <summary>How many times the runs list was queried so far.</summary>
    protected RunsListQueries ListQueries { get; } = new();
    protected RunStore Store => Services.GetRequiredService<RunStore>();
    protected RunResults Results => Services.GetRequiredService<RunResults>();
    protected RunListing Listing => Services.GetRequiredService<RunListing>();
    protected RunQueue Queue => Services.GetRequiredService<RunQueue>();
    protected AnalysisQueue AnalysisQueue => Services.GetRequiredService<AnalysisQueue>();
    protected SweepStore Sweeps => Services.GetRequiredService<SweepStore>();
    protected ArtifactFiles Artifacts => Services.GetRequiredService<ArtifactFiles>();
    protected WorkerRegistry Registry => Services.GetRequiredService<WorkerRegistry>();

    /// <summary>Long enough for a slow CI machine; waits end as soon as the markup is right.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public async Task InitializeAsync()
    {
        var factory = Services.GetRequiredService<IDbContextFactory<RunsDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        await HessianWeb.Server.Runs.Migrations.RunStoreSchema.MigrateAsync(db);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // Some MudBlazor services are only IAsyncDisposable.
        await DisposeAsync();
        await store.DisposeAsync();
        try { Directory.Delete(artifactsDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>Stores <paramref name="payloads"/> as the run's next events, numbered after what is stored.</summary>
    protected async Task AppendAsync(Guid runId, params Func<RunEvent, RunEvent>[] payloads)
    {
        var run = await Results.GetAsync(runId) ?? throw new InvalidOperationException($"No run {runId}");
        var events = payloads.Select((payload, i) => payload(new RunEvent
        {
            RunId = runId, Sequence = run.LastSequence + 1 + i, Kind = RunEventKind.Status,
        })).ToList();
        var stored = await Store.AppendAsync(events);
        Assert.Equal(events.Count, stored.Count);
    }

    protected static Func<RunEvent, RunEvent> Status(RunStatus status, RunPhase? phase = null, string? error = null, long? parameterCount = null) =>
        e => e with { Kind = RunEventKind.Status, Status = new StatusChange(status, phase, error, parameterCount) };

    protected static Func<RunEvent, RunEvent> Epoch(int epoch, double trainLoss, double trainAccuracy) =>
        e => e with { Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(epoch, trainLoss, trainAccuracy, trainLoss * 1.1, trainAccuracy * 0.9, 0.5 / epoch) };

    protected static Func<RunEvent, RunEvent> Lanczos(string checkpoint, params double[] ritzValues) =>
        e => e with
        {
            Kind = RunEventKind.Lanczos,
            Lanczos = new LanczosIteration(checkpoint, ritzValues.Length, ritzValues, ritzValues.Select(_ => 1e-3).ToArray(), ritzValues.Length),
        };

    protected static Func<RunEvent, RunEvent> Spectrum(string checkpoint, string method, params double[] eigenvalues) =>
        e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(checkpoint, method, eigenvalues) };

    protected static Func<RunEvent, RunEvent> LanczosOf(string @operator, string checkpoint, double[] ritzValues, double[] residualBounds) =>
        e => e with
        {
            Kind = RunEventKind.Lanczos,
            Lanczos = new LanczosIteration(checkpoint, ritzValues.Length, ritzValues, residualBounds, ritzValues.Length, @operator),
        };

    protected static Func<RunEvent, RunEvent> SpectrumOf(SpectrumResult spectrum) =>
        e => e with { Kind = RunEventKind.Spectrum, Spectrum = spectrum };

    protected static Func<RunEvent, RunEvent> Density(DensityResult density) =>
        e => e with { Kind = RunEventKind.Density, Density = density };

    protected static Func<RunEvent, RunEvent> Trace(string checkpoint, string method, double value, double standardError, string @operator = CurvatureOperators.Hessian) =>
        e => e with { Kind = RunEventKind.Trace, Trace = new TraceResult(checkpoint, @operator, method, value, standardError, 30) };

    protected static Func<RunEvent, RunEvent> Outliers(
        string checkpoint, int count, double bulkEdge, bool lowerBound = false, string @operator = CurvatureOperators.Hessian) =>
        e => e with
        {
            Kind = RunEventKind.Outliers,
            Outliers = new OutlierResult(checkpoint, @operator, count, bulkEdge, 4, 8.5,
                "largest gap in log λ among the 12 eigenvalues above 0.001·λ_max (of 109 given)",
                lowerBound ? SpectrumMethods.Lanczos : SpectrumMethods.Exact, lowerBound),
        };

    protected static Func<RunEvent, RunEvent> Weights(string checkpoint) =>
        e => e with
        {
            Kind = RunEventKind.Artifact,
            Artifact = new ArtifactResult(checkpoint, ArtifactKinds.Weights,
                [new NamedTensor("0.bias", "float64", [2], BitConverter.GetBytes(0.5).Concat(BitConverter.GetBytes(-0.5)).ToArray())]),
        };

    /// <summary>
    /// A density on <paramref name="gridPoints"/> points over [−1, 11]: a bulk at 0 (mass 0.99) and an outlier
    /// bump at 10, three probes of ±20 % around it, and a one-point spike of <paramref name="spike"/> at grid point
    /// <paramref name="spikeAt"/> when asked.
    /// </summary>
    protected static DensityResult SyntheticDensity(string checkpoint, int gridPoints, string @operator = CurvatureOperators.Hessian,
        int? spikeAt = null, double spike = 0)
    {
        var grid = Enumerable.Range(0, gridPoints).Select(i => -1 + 12.0 * i / (gridPoints - 1)).ToArray();
        static double Gauss(double x, double mean, double width) => Math.Exp(-0.5 * Math.Pow((x - mean) / width, 2)) / (width * Math.Sqrt(2 * Math.PI));
        var density = grid.Select(x => 0.99 * Gauss(x, 0, 0.1) + 0.01 * Gauss(x, 10, 0.1)).ToArray();
        if (spikeAt is { } at) density[at] = spike;
        double[][] probes = [density.Select(y => 0.8 * y).ToArray(), density, density.Select(y => 1.2 * y).ToArray()];
        return new DensityResult(checkpoint, @operator, grid, density, probes, 0.1, 3, 80, "rademacher", 240, 0.5);
    }

    protected static ConnectedWorker Worker(string name, Guid? runId = null) =>
        new($"connection-{name}", name, "cpu (test)", 2, 4242, "1.0", DateTime.UtcNow, runId) { WorkerId = Guid.NewGuid() };

    protected Task<RunSummary> CreateRunAsync(string name = "quickstart") => Store.CreateAsync(new ExperimentSpec { Name = name });

    sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();
        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken ct) where TContext : notnull => Task.CompletedTask;
        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
        public void Dispose() { }
    }

    sealed class NoLifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;
        public CancellationToken ApplicationStopping => CancellationToken.None;
        public CancellationToken ApplicationStopped => CancellationToken.None;
        public void StopApplication() { }
    }
}
