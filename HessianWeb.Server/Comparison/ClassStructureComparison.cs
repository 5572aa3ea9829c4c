using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs.ClassStructure;

namespace HessianWeb.Server.Comparison;

/// <summary>A compared run's predicted-vs-measured outliers at the chosen checkpoint; null when it has no result there.</summary>
public sealed record ClassStructureRow(ComparedRun Run, CheckpointOutliers? View);

/// <summary>The compare page's class-structure section: per run, G_class's eigenvalues beside H's and G's measured top ones.</summary>
public static class ClassStructureComparison
{
    public static IReadOnlyList<ClassStructureRow> Rows(RunComparison comparison, string? checkpoint) =>
        comparison.Runs.Select(run => new ClassStructureRow(run, checkpoint is null ? null
            : OutlierPrediction.Build(run.Progress.Spectra, run.Progress.Outliers, run.Progress.ClassStructures, [checkpoint]).FirstOrDefault()))
            .ToList();

    /// <summary>Each run in its colour: H's measured top eigenvalues joined, G_class's predicted ones as points.</summary>
    public static ComparisonChart Chart(IReadOnlyList<ClassStructureRow> rows, string? checkpoint, bool logScale) => new("class-structure",
        new ChartOptions
        {
            Title = $"Predicted (G_class, points) and measured (H, line) top eigenvalues{(checkpoint is null ? "" : $" at {checkpoint}")}",
            XAxisTitle = "index i (largest first)",
            YAxisTitle = logScale ? "λᵢ, log scale" : "eigenvalue λᵢ",
            LogY = logScale,
            IntegerX = true,
            Height = 300,
            NoDataText = "No run has a class structure at this checkpoint.",
        },
        rows.Where(r => r.View is not null).SelectMany(r => Series(r.Run, r.View!)).ToList());

    static IEnumerable<ChartSeries> Series(ComparedRun run, CheckpointOutliers view)
    {
        var rows = ClassStructureView.Rows(view);
        if (rows.Any(r => r.Hessian is not null))
            yield return ChartSeries.Of($"{run.Letter} H", rows.Where(r => r.Hessian is not null).Select(r => ((double)r.Index, r.Hessian!.Value)), run.Color) with { Markers = true };
        if (rows.Any(r => r.Class is not null))
            yield return ChartSeries.Of($"{run.Letter} G_class", rows.Where(r => r.Class is not null).Select(r => ((double)r.Index, r.Class!.Value)), run.Color) with { PointsOnly = true, SquareMarkers = true };
    }

    /// <summary>The first <paramref name="count"/> values, three significant digits, comma-separated; "—" for none.</summary>
    public static string List(double[]? values, int count) =>
        values is null || values.Length == 0 ? "—" : string.Join(", ", values.Take(count).Select(v => NumberFormat(v)));

    static string NumberFormat(double v) => Components.NumberFormat.Significant(v, 3);
}
