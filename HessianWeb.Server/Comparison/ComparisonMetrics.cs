using System.Globalization;
using System.Text;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Comparison;

/// <summary>
/// One row of the metrics table: the run's last epoch and, at the comparison's checkpoint and operator, its
/// extreme eigenvalues, trace, outliers and bulk edge, and the Wasserstein-1 distance of its density to the first run's.
/// </summary>
/// <param name="EigenvaluesFrom">"exact" or "lanczos": where λ_max and λ_min come from.</param>
/// <param name="TraceMethod">"exact", "hutchPlusPlus" or "hutchinson": the best estimate there is.</param>
/// <param name="Outliers">Null where not counted or where the spectrum showed no clear gap.</param>
/// <param name="W1ToFirst">Null where either density is missing; 0 for the first run itself.</param>
/// <param name="OutliersNoClearGap">The spectrum showed no clear gap: no count, said in words.</param>
public sealed record MetricsRow(
    ComparedRun Run,
    int? Epochs,
    double? TrainLoss, double? TestLoss, double? TrainAccuracy, double? TestAccuracy,
    double? LambdaMax, double? LambdaMin, string? EigenvaluesFrom,
    double? Trace, string? TraceMethod,
    int? Outliers, bool OutliersLowerBound, double? BulkEdge,
    double? W1ToFirst,
    bool OutliersNoClearGap = false);

public static class ComparisonMetrics
{
    static readonly string[] TracePreference = [TraceMethods.Exact, TraceMethods.HutchPlusPlus, TraceMethods.Hutchinson];

    public static IReadOnlyList<MetricsRow> Rows(RunComparison comparison, string? checkpoint, string op)
    {
        var first = comparison.Runs.Count > 0 ? ComparisonCharts.Density(comparison.Runs[0], checkpoint, op) : null;
        return comparison.Runs.Select(run =>
        {
            var last = run.Progress.Epochs.Count > 0 ? run.Progress.Epochs[^1] : null;
            // The test set is measured on a schedule (training.testEvery): its latest figures may be an earlier epoch's.
            var tested = run.Progress.Epochs.LastOrDefault(e => e.TestLoss is not null || e.TestAccuracy is not null);
            var spectrum = SpectrumMethods.Preferred(run.Progress.Spectra, checkpoint, op);
            // Lanczos's λ_min is its most negative bottom value, when it looked for any.
            var (max, min) = spectrum is null ? ((double?)null, (double?)null)
                : (spectrum.Eigenvalues[0], spectrum.Method == SpectrumMethods.Exact ? spectrum.Eigenvalues[^1]
                    : spectrum.BottomEigenvalues is { Length: > 0 } b ? b[0] : (double?)null);
            var traces = run.Progress.Traces.Where(t => t.Checkpoint == checkpoint && t.Operator == op).ToList();
            var trace = TracePreference.Select(m => traces.LastOrDefault(t => t.Method == m)).FirstOrDefault(t => t is not null);
            var outliers = run.Progress.Outliers.LastOrDefault(o => o.Checkpoint == checkpoint && o.Operator == op);
            var density = ComparisonCharts.Density(run, checkpoint, op);
            return new MetricsRow(run, last?.Epoch, last?.TrainLoss, tested?.TestLoss, last?.TrainAccuracy, tested?.TestAccuracy,
                max, min, spectrum?.Method, trace?.Value, trace?.Method, outliers?.ClearCount, outliers?.LowerBound ?? false, outliers?.BulkEdge,
                first is null || density is null ? null : Wasserstein.Distance(first.Grid, first.Density, density.Grid, density.Density),
                outliers?.NoClearGap ?? false);
        }).ToList();
    }

    /// <summary>The table as CSV, one row per run in URL order, numbers at round-trip precision, empty where there is none.</summary>
    public static string Csv(IReadOnlyList<MetricsRow> rows, string? checkpoint, string op)
    {
        var csv = new StringBuilder("run,id,name,status,checkpoint,operator,epochs,train_loss,test_loss,train_accuracy,test_accuracy,"
            + "lambda_max,lambda_min,eigenvalues_from,trace,trace_method,outliers,outliers_lower_bound,bulk_edge,w1_to_first,outliers_no_clear_gap\n");
        foreach (var r in rows)
        {
            string[] fields =
            [
                r.Run.Letter, r.Run.Id.ToString(), Field(r.Run.Summary.Name), r.Run.Summary.Status.ToString().ToLowerInvariant(),
                Field(checkpoint ?? ""), op, r.Epochs?.ToString(CultureInfo.InvariantCulture) ?? "",
                Number(r.TrainLoss), Number(r.TestLoss), Number(r.TrainAccuracy), Number(r.TestAccuracy),
                Number(r.LambdaMax), Number(r.LambdaMin), r.EigenvaluesFrom ?? "", Number(r.Trace), r.TraceMethod ?? "",
                r.Outliers?.ToString(CultureInfo.InvariantCulture) ?? "", r.Outliers is null ? "" : r.OutliersLowerBound ? "true" : "false",
                Number(r.BulkEdge), Number(r.W1ToFirst), r.OutliersNoClearGap ? "true" : "false",
            ];
            csv.AppendJoin(',', fields).Append('\n');
        }
        return csv.ToString();
    }

    static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    static string Field(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;
}
