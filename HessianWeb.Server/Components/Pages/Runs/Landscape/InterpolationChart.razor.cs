using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.Landscape;

/// <summary>
/// Train and test loss (or accuracy) against α along θ(α) = (1 − α)·θ_A + α·θ_B, one line at a time, with the top
/// eigenvalue on a second axis when the line has it, and markers where α = 0 (θ_A) and α = 1 (θ_B).
/// </summary>
public sealed partial class InterpolationChart
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;

    ApexChart? chart;
    bool showAccuracy;
    string? picked;
    // What the chart holds: the points drawn and in which mode, so a render redraws only when that changed.
    (string? Label, int Count, bool Accuracy) drawn;

    /// <summary>The lines in the order they began.</summary>
    IReadOnlyList<string> Labels => Progress.Interpolation.Select(p => p.Label).Distinct().ToList();

    /// <summary>The line picked, else the newest (the one streaming in).</summary>
    string? Shown
    {
        get => picked is { } p && Labels.Contains(p) ? p : Labels.LastOrDefault();
        set => picked = value;
    }

    IReadOnlyList<InterpolationPoint> Points => Progress.Interpolation.Where(p => p.Label == Shown)
        .GroupBy(p => p.Index).Select(g => g.Last()).OrderBy(p => p.Index).ToList();

    ChartOptions Options => new()
    {
        Title = Shown is { } label ? $"Along {label}" : "Along a line between checkpoints",
        XAxisTitle = "α (0: the first checkpoint, 1: the second)",
        YAxisTitle = showAccuracy ? "accuracy (%)" : "loss (nats for cross-entropy)",
        SecondYAxisTitle = "top Hessian eigenvalue λ₁",
        XLines = [new ChartMarkLine(0, "α = 0", QuantityColors.Marker), new ChartMarkLine(1, "α = 1", QuantityColors.Marker)],
        YMin = showAccuracy ? 0 : null,
        YMax = showAccuracy ? 100 : null,
        NoDataText = "No interpolation yet: set analysis.interpolations in the spec, or request one below once the run has finished.",
    };

    string Summary
    {
        get
        {
            var points = Points;
            if (points.Count == 0)
                return "Train and test loss along θ(α) = (1 − α)·θ_A + α·θ_B. One basin shows as a single valley with no barrier between α = 0 and 1.";
            var total = points[0].Points;
            var progress = points.Count < total ? $"{points.Count} of {total} points so far. " : $"{total} points. ";
            var inside = points.Where(p => p.Alpha is >= 0 and <= 1).ToList();
            if (inside.Count < 2) return progress;
            var ends = Math.Max(inside[0].TrainLoss, inside[^1].TrainLoss);
            var barrier = inside.Max(p => p.TrainLoss) - ends;
            if (barrier <= 0) return progress + "Between the checkpoints the training loss never rises above the higher end: no barrier on this line.";
            // A rise at the level of SGD's noise at a small-batch end is no barrier; say how large it is either way.
            var relative = barrier / Math.Abs(ends);
            var size = $"{NumberFormat.Significant(barrier)} above the higher end ({NumberFormat.Percent(relative)})";
            return progress + (relative >= BarrierShare
                ? $"Between the checkpoints the training loss rises up to {size}: a barrier."
                : $"Between the checkpoints the training loss rises at most {size}: no barrier beyond {NumberFormat.Percent(BarrierShare)}.");
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var points = Points;
        var now = (Shown, points.Count, showAccuracy);
        if (now == drawn) return;
        drawn = now;
        await chart.ReplaceAsync(Series(points, showAccuracy));
    }

    /// <summary>Train and test in the house colours, then λ₁ on the right axis when the line has it.</summary>
    public static IReadOnlyList<ChartSeries> Series(IReadOnlyList<InterpolationPoint> points, bool accuracy)
    {
        var series = new List<ChartSeries>
        {
            ChartSeries.Of("train", points.Select(p => (p.Alpha, accuracy ? 100 * p.TrainAccuracy : p.TrainLoss)), QuantityColors.Train),
        };
        if (points.Any(p => p.TestLoss is not null))
            series.Add(ChartSeries.Of("test", points.Where(p => p.TestLoss is not null)
                .Select(p => (p.Alpha, accuracy ? 100 * p.TestAccuracy!.Value : p.TestLoss!.Value)), QuantityColors.Test));
        if (points.Any(p => p.TopEigenvalue is not null))
            series.Add(ChartSeries.Of("λ₁", points.Where(p => p.TopEigenvalue is not null).Select(p => (p.Alpha, p.TopEigenvalue!.Value)), QuantityColors.TopEigenvalue)
                with { SecondAxis = true, Dashed = true });
        return series;
    }

    /// <summary>A rise above the higher end smaller than this share of it is not called a barrier.</summary>
    const double BarrierShare = 0.01;
}
