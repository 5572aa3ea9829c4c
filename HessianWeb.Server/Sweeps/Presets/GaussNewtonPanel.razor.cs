using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Components.Pages.Runs.Curvature;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Sweeps.Pages;
using HessianWeb.Server.Sweeps;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Sweeps.Presets;

/// <summary>
/// Preset 5. One completed run's spectra of H, G and R at init and at the end (every eigenvalue when the run computed
/// them exactly, else Lanczos's extremes), and ‖R‖ = max |λ(R)| at every checkpoint, mean ± sd over the runs, beside ‖H‖.
/// </summary>
public sealed partial class GaussNewtonPanel
{
    [Inject] RunResults Results { get; set; } = default!;

    [Parameter, EditorRequired] public SweepSummary Sweep { get; set; } = default!;
    [Parameter, EditorRequired] public SweepAggregation Aggregation { get; set; } = default!;

    readonly Dictionary<Guid, IReadOnlyList<SpectrumResult>> spectra = [];
    readonly Dictionary<Guid, IReadOnlyList<OutlierResult>> outliers = [];
    Guid? picked;

    public const string Claim =
        "the Hessian splits as H = G + R. The Gauss–Newton matrix G is positive semi-definite and carries the outliers of H; "
        + "the residual R adds to the bulk and the negative eigenvalues, and shrinks as training drives the residuals ℓ′ to zero.";

    IReadOnlyList<SweepRun> Completed => Sweep.Runs.Where(r => r.Status == RunStatus.Completed).ToList();

    Guid Shown => picked is { } id && spectra.ContainsKey(id) ? id : Completed.Select(r => r.Id).FirstOrDefault(spectra.ContainsKey);

    void Pick(Guid id) => picked = id;

    protected override async Task OnParametersSetAsync()
    {
        var missing = Completed.Where(r => !spectra.ContainsKey(r.Id)).Select(r => r.Id).ToList();
        if (missing.Count == 0) return;
        var results = await Results.GetManyAsync(missing, [RunEventKind.Outliers, RunEventKind.Spectrum]);
        foreach (var id in missing)
        {
            var stored = results.GetValueOrDefault(id);
            outliers[id] = stored?.Of(e => e.Outliers) ?? [];
            spectra[id] = stored?.Of(e => e.Spectrum) ?? [];
        }
    }

    ChartOptions SpectrumOptions(string checkpoint) => new()
    {
        Title = $"Eigenvalues of H, G and R at {checkpoint}, largest first",
        XAxisTitle = "rank i",
        YAxisTitle = "eigenvalue λᵢ",
        Kind = ChartKind.Scatter,
        IntegerX = true,
        NoDataText = "The spectra appear when a run completes (the spec must keep analysis.decomposition on).",
    };

    IReadOnlyList<ChartSeries> SpectrumSeries(string checkpoint)
    {
        if (!spectra.TryGetValue(Shown, out var run)) return [];
        return new[] { CurvatureOperators.Hessian, CurvatureOperators.GaussNewton, CurvatureOperators.Residual }
            .Select(op => (op, values: SpectrumMeasures.Eigenvalues(run, checkpoint, op)))
            .Where(p => p.values is { Length: > 0 })
            .Select(p => ChartSeries.Of(OperatorNames.Symbol(p.op), Downsampling.Sorted(p.values!), OperatorColors.For(p.op)) with { PointsOnly = true })
            .ToList();
    }

    /// <summary>Every checkpoint any completed run analysed, in training order.</summary>
    IReadOnlyList<string> AnalysedCheckpoints => CheckpointOrder.Sort(spectra.Values.SelectMany(s => s.Select(x => x.Checkpoint))
        .Where(c => !c.Contains(CheckpointOrder.Reanalysis)));

    /// <summary>‖A‖ of the operator at each checkpoint, mean ± sd over the completed runs; x is the checkpoint's place in training.</summary>
    public IReadOnlyList<AggregatePoint> Norms(string @operator)
    {
        var checkpoints = AnalysedCheckpoints;
        return checkpoints.Select((c, i) => (i, values: spectra.Values.Select(s => SpectrumMeasures.Norm(s, c, @operator)).OfType<double>().ToList()))
            .Where(p => p.values.Count > 0)
            .Select(p => SweepAggregation.Summarise(p.i, p.values))
            .ToList();
    }

    ChartOptions NormOptions => new()
    {
        Title = "‖R‖ over training, beside ‖H‖",
        XAxisTitle = "checkpoint",
        YAxisTitle = "largest |λ|",
        Kind = ChartKind.LineWithBands,
        XLabels = AnalysedCheckpoints.ToList(),
        LogY = true,
        NoDataText = "‖R‖ appears when a run completes.",
    };

    IReadOnlyList<ChartSeries> NormSeries =>
    [
        .. AggregateSeriesCharts.ToSeries([new AggregateSeries("", Norms(CurvatureOperators.Residual))], "‖R‖").Select(s => s with { Color = OperatorColors.For(CurvatureOperators.Residual) }),
        .. AggregateSeriesCharts.ToSeries([new AggregateSeries("", Norms(CurvatureOperators.Hessian))], "‖H‖").Select(s => s with { Color = OperatorColors.For(CurvatureOperators.Hessian) }),
    ];

    string NormKey => $"{spectra.Count}|{AnalysedCheckpoints.Count}";

    string Measured
    {
        get
        {
            var ends = Completed.Where(r => outliers.ContainsKey(r.Id)).Select(r =>
            {
                var atEnd = outliers[r.Id].Where(o => o.Checkpoint == Checkpoints.End).ToList();
                return new GaussNewtonEnd(
                    atEnd.LastOrDefault(o => o.Operator == CurvatureOperators.Hessian)?.ClearCount,
                    atEnd.LastOrDefault(o => o.Operator == CurvatureOperators.GaussNewton)?.ClearCount,
                    SpectrumMeasures.Eigenvalues(spectra[r.Id], Checkpoints.End, CurvatureOperators.Hessian)?.FirstOrDefault(),
                    SpectrumMeasures.Eigenvalues(spectra[r.Id], Checkpoints.End, CurvatureOperators.GaussNewton)?.FirstOrDefault());
            }).ToList();
            var r = Norms(CurvatureOperators.Residual);
            var h = Norms(CurvatureOperators.Hessian);
            return PresetFindings.GaussNewton(r, h, AnalysedCheckpoints, ends);
        }
    }
}

/// <summary>One run at the end of training: H's and G's outlier counts and largest eigenvalues.</summary>
/// (A count is null where it is missing or where the spectrum showed no clear gap.)
public sealed record GaussNewtonEnd(int? HessianOutliers, int? GaussNewtonOutliers, double? HessianTop, double? GaussNewtonTop);
