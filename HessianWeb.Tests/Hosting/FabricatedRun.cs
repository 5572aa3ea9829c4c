using System.Runtime.InteropServices;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// A quickstart run written straight into the store, event by event, as a worker that saves artifacts would
/// report it: for testing the server's side without training anything.
/// </summary>
public sealed class FabricatedRun(RunStore store, RunResults results, Guid id)
{
    public Guid Id => id;

    /// <summary>Quickstart shapes (2 → 10 → 5 → 4) under nn.Sequential's names, float64, values from <paramref name="seed"/>.</summary>
    public static IReadOnlyList<NamedTensor> Weights(int seed) =>
    [
        Float64("0.weight", [10, 2], seed), Float64("0.bias", [10], seed + 1),
        Float64("2.weight", [5, 10], seed + 2), Float64("2.bias", [5], seed + 3),
        Float64("4.weight", [4, 5], seed + 4), Float64("4.bias", [4], seed + 5),
    ];

    public static NamedTensor Float64(string name, long[] shape, int seed)
    {
        var random = new Random(seed);
        var values = new double[shape.Aggregate(1L, (a, b) => a * b)];
        for (var i = 0; i < values.Length; i++) values[i] = random.NextDouble() - 0.5;
        return new NamedTensor(name, "float64", shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
    }

    public static NamedTensor Int64(string name, long[] values) =>
        new(name, "int64", [values.Length], MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    /// <summary>A Gaussian N(μ, σ²) sampled on a uniform grid, with probes that scatter around it.</summary>
    public static DensityResult GaussianDensity(string checkpoint, double mean, double sigma, int points = 401, int probes = 3)
    {
        var grid = Enumerable.Range(0, points).Select(i => mean - 6 * sigma + 12 * sigma * i / (points - 1)).ToArray();
        double Pdf(double x, double m) => Math.Exp(-0.5 * Math.Pow((x - m) / sigma, 2)) / (sigma * Math.Sqrt(2 * Math.PI));
        var density = grid.Select(x => Pdf(x, mean)).ToArray();
        var perProbe = Enumerable.Range(0, probes).Select(p => grid.Select(x => Pdf(x, mean + 0.01 * (p - 1))).ToArray()).ToArray();
        return new DensityResult(checkpoint, CurvatureOperators.Hessian, grid, density, perProbe, sigma, probes, 40, "rademacher", probes * 40);
    }

    /// <summary>
    /// Queued → Running → data and init weights → init spectrum → one epoch → end weights, end spectra, density,
    /// trace, outliers, eigenvectors → Completed (unless <paramref name="complete"/> is false: then it stays running).
    /// </summary>
    public static async Task<FabricatedRun> CreateAsync(RunStore store, RunResults results, bool complete = true, bool withArtifacts = true)
    {
        // Stored as given to a worker of its own, so that the scheduler, which pumps on every change to the runs list,
        // never hands it to a test's idle worker while its events are being written.
        var run = RunStore.Queued(new ExperimentSpec(), DateTime.UtcNow, launchedBy: null);
        run.WorkerName = "fabricated";
        await store.CreateAsync([run], _ => { }, CancellationToken.None);
        var fabricated = new FabricatedRun(store, results, run.Id);
        var events = new List<Func<RunEvent, RunEvent>>
        {
            e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training, ParameterCount: 109) },
        };
        if (withArtifacts)
            events.Add(e => e with
            {
                Kind = RunEventKind.Artifact,
                Artifact = new ArtifactResult(Checkpoints.Init, ArtifactKinds.Data,
                    [Float64("x", [100, 2], 7), Int64("y", Enumerable.Range(0, 100).Select(i => (long)(i % 4)).ToArray())]),
            });
        if (withArtifacts) events.Add(Artifact(Checkpoints.Init, ArtifactKinds.Weights, Weights(100)));
        events.Add(Spectrum(Checkpoints.Init, SpectrumMethods.Lanczos, 0.5, 0.2));
        events.Add(e => e with { Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(1, 1.2, 0.5, 1.3, 0.45, 0.1) });
        if (withArtifacts) events.Add(Artifact(Checkpoints.End, ArtifactKinds.Weights, Weights(200)));
        events.Add(e => e with
        {
            Kind = RunEventKind.Spectrum,
            Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Lanczos, [3.0, 2.0, 1.0], [1e-9, 1e-9, 1e-8], [true, true, true], 40, 20,
                BottomEigenvalues: [-0.01, -0.001], BottomResidualBounds: [1e-7, 1e-7], BottomConverged: [true, true]),
        });
        events.Add(Spectrum(Checkpoints.End, SpectrumMethods.Exact, Enumerable.Range(0, 109).Select(i => 3.0 - i * 0.02).ToArray()));
        events.Add(e => e with { Kind = RunEventKind.Density, Density = GaussianDensity(Checkpoints.End, 1.0, 0.25) });
        events.Add(e => e with { Kind = RunEventKind.Trace, Trace = new TraceResult(Checkpoints.End, CurvatureOperators.Hessian, TraceMethods.Hutchinson, 6.1, 0.2, 30) });
        events.Add(e => e with { Kind = RunEventKind.Outliers, Outliers = new OutlierResult(Checkpoints.End, CurvatureOperators.Hessian, 3, 0.4, 4, 5.0, "gap", "exact", false) });
        if (withArtifacts) events.Add(Artifact(Checkpoints.End, ArtifactKinds.Eigenvectors, [Float64("vectors", [3, 109], 300)]));
        if (complete) events.Add(e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });
        await fabricated.AppendAsync(events.ToArray());
        return fabricated;
    }

    /// <summary>Stores the payloads as the run's next events; fails if any was not stored.</summary>
    public async Task<IReadOnlyList<RunEvent>> AppendAsync(params Func<RunEvent, RunEvent>[] payloads)
    {
        var run = await results.GetAsync(id) ?? throw new InvalidOperationException($"No run {id}");
        var events = payloads.Select((payload, i) => payload(new RunEvent
        {
            RunId = id, Sequence = run.LastSequence + 1 + i, Kind = RunEventKind.Status,
        })).ToList();
        var stored = await store.AppendAsync(events);
        Assert.Equal(events.Count, stored.Count);
        return stored;
    }

    public static Func<RunEvent, RunEvent> Artifact(string checkpoint, string kind, IReadOnlyList<NamedTensor> tensors) =>
        e => e with { Kind = RunEventKind.Artifact, Artifact = new ArtifactResult(checkpoint, kind, tensors) };

    public static Func<RunEvent, RunEvent> Spectrum(string checkpoint, string method, params double[] eigenvalues) =>
        e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(checkpoint, method, eigenvalues) };
}
