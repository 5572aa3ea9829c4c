using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Comparison;

/// <summary>A run's results as a comparison reads them, with its colour (its place in the comparison).</summary>
public sealed record ComparedRun(
    RunSummary Summary,
    string Color,
    IReadOnlyList<EpochMetrics> Epochs,
    IReadOnlyList<SpectrumResult> Spectra,
    IReadOnlyList<DensityResult> Densities,
    IReadOnlyList<LanczosIteration> Lanczos,
    IReadOnlyList<OutlierResult> Outliers,
    IReadOnlyList<TraceResult> Traces)
{
    public static ComparedRun From(RunSummary summary, IReadOnlyList<RunEvent> events, int position) => new(
        summary, RunColors.For(position),
        events.Select(e => e.Epoch).OfType<EpochMetrics>().ToList(),
        events.Select(e => e.Spectrum).OfType<SpectrumResult>().ToList(),
        events.Select(e => e.Density).OfType<DensityResult>().ToList(),
        events.Select(e => e.Lanczos).OfType<LanczosIteration>().ToList(),
        events.Select(e => e.Outliers).OfType<OutlierResult>().ToList(),
        events.Select(e => e.Trace).OfType<TraceResult>().ToList());

    /// <summary>The Hessian's eigenvalues at <paramref name="checkpoint"/>, descending: the exact spectrum when there is one, else Lanczos' top k.</summary>
    public SpectrumResult? Spectrum(string checkpoint) =>
        Spectra.LastOrDefault(s => s.Checkpoint == checkpoint && s.Operator == CurvatureOperators.Hessian && s.Method == SpectrumMethods.Exact)
        ?? Spectra.LastOrDefault(s => s.Checkpoint == checkpoint && s.Operator == CurvatureOperators.Hessian);

    public DensityResult? Density(string checkpoint) =>
        Densities.LastOrDefault(d => d.Checkpoint == checkpoint && d.Operator == CurvatureOperators.Hessian);

    public OutlierResult? OutliersAt(string checkpoint) =>
        Outliers.LastOrDefault(o => o.Checkpoint == checkpoint && o.Operator == CurvatureOperators.Hessian);

    /// <summary>The Lanczos iterations of the Hessian at <paramref name="checkpoint"/> (the last pass, if it was analysed twice).</summary>
    public IReadOnlyList<LanczosIteration> LanczosAt(string checkpoint)
    {
        var iterations = Lanczos.Where(l => l.Checkpoint == checkpoint && l.Operator == CurvatureOperators.Hessian).ToList();
        var restart = iterations.FindLastIndex(l => l.Iteration == 1);
        return restart > 0 ? iterations[restart..] : iterations;
    }

    /// <summary>tr(H) at the checkpoint: exact, else Hutch++, else Hutchinson.</summary>
    public TraceResult? TraceAt(string checkpoint) =>
        Traces.Where(t => t.Checkpoint == checkpoint && t.Operator == CurvatureOperators.Hessian)
            .OrderBy(t => t.Method switch { TraceMethods.Exact => 0, TraceMethods.HutchPlusPlus => 1, _ => 2 })
            .FirstOrDefault();

    /// <summary>λ_min at the checkpoint: the exact spectrum's last value, else the most negative Lanczos bottom value.</summary>
    public double? SmallestEigenvalue(string checkpoint) => Spectrum(checkpoint) switch
    {
        { Method: SpectrumMethods.Exact, Eigenvalues.Length: > 0 } exact => exact.Eigenvalues[^1],
        { BottomEigenvalues.Length: > 0 } lanczos => lanczos.BottomEigenvalues[0],
        _ => null,
    };

    /// <summary>Every checkpoint this run has a Hessian spectrum or density at, in the order they arrived.</summary>
    public IEnumerable<string> Checkpoints =>
        Spectra.Select(s => s.Checkpoint).Concat(Densities.Select(d => d.Checkpoint)).Distinct();
}

/// <summary>The runs named in a comparison's address, loaded in that order; unknown ids are reported, not fatal.</summary>
public sealed record RunComparison(IReadOnlyList<ComparedRun> Runs, IReadOnlyList<Guid> Missing)
{
    public static async Task<RunComparison> LoadAsync(RunStore store, IReadOnlyList<Guid> ids, CancellationToken ct = default)
    {
        var runs = new List<ComparedRun>();
        var missing = new List<Guid>();
        foreach (var id in ids.Distinct())
        {
            if (await store.GetAsync(id, ct) is not { } summary) { missing.Add(id); continue; }
            runs.Add(ComparedRun.From(summary, await store.GetEventsAsync(id, ct: ct), runs.Count));
        }
        return new RunComparison(runs, missing);
    }

    /// <summary>The checkpoints any run was analysed at, "end" first when present.</summary>
    public IReadOnlyList<string> Checkpoints =>
        Runs.SelectMany(r => r.Checkpoints).Distinct().OrderBy(c => c == Shared.Runs.Checkpoints.End ? 0 : 1).ToList();
}
