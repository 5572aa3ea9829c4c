using HessianWeb.Server.Components;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs.ClassStructure;

/// <summary>
/// The predicted-beside-measured numbers the class-structure panels show: one row per index i of G_class's eigenvalue
/// λᵢ(G_class) beside λᵢ(H) and λᵢ(G), and the chart series of the same.
/// </summary>
public static class ClassStructureView
{
    /// <summary>One index i: the class term's (predicted), all C² means', and H's and G's measured eigenvalues.</summary>
    public sealed record Row(int Index, double? Class, double? Means, double? Hessian, double? GaussNewton);

    /// <summary>Rows 1 … C + 2: the C class-term eigenvalues and the first two measured eigenvalues past them (where a gap should be).</summary>
    public static IReadOnlyList<Row> Rows(CheckpointOutliers view)
    {
        var classes = view.ClassStructure?.Classes ?? view.Outliers.FirstOrDefault()?.Classes ?? 0;
        var count = Math.Max(classes + 2, 3);
        static double? At(double[]? values, int i) => values is not null && i < values.Length ? values[i] : null;
        return Enumerable.Range(0, count).Select(i => new Row(i + 1,
                At(view.ClassStructure?.ClassEigenvalues, i), At(view.ClassStructure?.MeansEigenvalues, i),
                At(view.Hessian?.Eigenvalues, i), At(view.GaussNewton?.Eigenvalues, i)))
            .Where(r => r.Class is not null || r.Means is not null || r.Hessian is not null || r.GaussNewton is not null)
            .ToList();
    }

    /// <summary>Each matrix's eigenvalues against their index i = 1, 2, …: measured ones joined, predicted ones as points.</summary>
    public static IEnumerable<ChartSeries> Series(CheckpointOutliers view)
    {
        var rows = Rows(view);
        IEnumerable<(double, double)> Points(Func<Row, double?> pick) => rows.Where(r => pick(r) is not null).Select(r => ((double)r.Index, pick(r)!.Value));
        if (view.Hessian is not null) yield return ChartSeries.Of($"H measured ({view.Hessian.Method})", Points(r => r.Hessian), OperatorColors.For(CurvatureOperators.Hessian)) with { Markers = true };
        if (view.GaussNewton is not null) yield return ChartSeries.Of($"G measured ({view.GaussNewton.Method})", Points(r => r.GaussNewton), OperatorColors.For(CurvatureOperators.GaussNewton)) with { Markers = true };
        if (view.ClassStructure is { ClassEigenvalues.Length: > 0 })
            yield return ChartSeries.Of("G_class predicted", Points(r => r.Class), "#e65100") with { PointsOnly = true };
        if (view.ClassStructure?.MeansEigenvalues is not null)
            yield return ChartSeries.Of("G_class + G_cross", Points(r => r.Means), "#8e24aa") with { PointsOnly = true, SquareMarkers = true };
    }

    /// <summary>"tr(G_class) = 1.2 (34 % of tr G)" and the like, for the terms that were computed.</summary>
    public static IReadOnlyList<string> Traces(ClassStructureResult s)
    {
        string Share(double value) => s.GaussNewtonTrace is > 0 and var total ? $" ({NumberFormat.Significant(100 * value / total, 3)} % of tr G)" : "";
        var lines = new List<string>();
        if (s.ClassTrace is { } c) lines.Add($"tr(G_class) = {NumberFormat.Significant(c)}{Share(c)}");
        if (s.CrossTrace is { } x) lines.Add($"tr(G_cross) = {NumberFormat.Significant(x)}{Share(x)}");
        if (s.WithinTrace is { } w) lines.Add($"tr(G_within) = {NumberFormat.Significant(w)}{Share(w)}");
        else if (s.Scope != ClassStructureScopes.None) lines.Add("tr(G_within): not known (G's exact trace was not measured here).");
        return lines;
    }

    public static string Value(double? value) => value is { } v ? NumberFormat.Significant(v) : "—";
}
