using System.Globalization;
using System.Text;

namespace HessianWeb.Server.Comparison;

/// <summary>One compared run's numbers at a checkpoint; W₁ is the distance of its density from the first run's.</summary>
public sealed record MetricsRow(
    string Run, Guid Id, string Color, double? TrainLoss, double? TrainAccuracy, double? TestAccuracy,
    double? LambdaMax, double? LambdaMin, double? Trace, int? Outliers, double? BulkEdge, double? Wasserstein1);

public static class ComparisonMetrics
{
    public static IReadOnlyList<MetricsRow> Rows(RunComparison comparison, string checkpoint)
    {
        var reference = comparison.Runs.FirstOrDefault()?.Density(checkpoint);
        return comparison.Runs.Select(run =>
        {
            var last = run.Epochs.LastOrDefault();
            var density = run.Density(checkpoint);
            double? w1 = reference is not null && density is not null
                ? Wasserstein.Distance(reference.Grid, reference.Density, density.Grid, density.Density)
                : null;
            var outliers = run.OutliersAt(checkpoint);
            return new MetricsRow(run.Summary.Name, run.Summary.Id, run.Color, last?.TrainLoss, last?.TrainAccuracy, last?.TestAccuracy,
                run.Spectrum(checkpoint)?.Eigenvalues.FirstOrDefault(), run.SmallestEigenvalue(checkpoint), run.TraceAt(checkpoint)?.Value,
                outliers?.Count, outliers?.BulkEdge, w1);
        }).ToList();
    }

    /// <summary>The table as CSV (RFC 4180: names quoted, quotes doubled), numbers in full precision, empty where unknown.</summary>
    public static string Csv(IReadOnlyList<MetricsRow> rows, string checkpoint)
    {
        var csv = new StringBuilder("run,id,checkpoint,train_loss,train_accuracy,test_accuracy,lambda_max,lambda_min,trace,outliers,bulk_edge,wasserstein1_to_first\n");
        foreach (var r in rows)
            csv.AppendJoin(',', [Quote(r.Run), r.Id.ToString(), Quote(checkpoint), N(r.TrainLoss), N(r.TrainAccuracy), N(r.TestAccuracy),
                N(r.LambdaMax), N(r.LambdaMin), N(r.Trace), r.Outliers?.ToString(CultureInfo.InvariantCulture) ?? "", N(r.BulkEdge), N(r.Wasserstein1)]).Append('\n');
        return csv.ToString();
    }

    static string N(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    static string Quote(string text) => "\"" + text.Replace("\"", "\"\"") + "\"";
}
