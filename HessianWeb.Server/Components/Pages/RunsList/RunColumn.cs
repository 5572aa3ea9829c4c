using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Listing;

namespace HessianWeb.Server.Components.Pages.RunsList;

/// <summary>The runs list's optional columns; the names are the <c>cols</c> parameter's values.</summary>
public enum RunColumn { Created, LaunchedBy, Parameters, TrainLoss, TrainAccuracy, TestAccuracy, TopEigenvalue, Outliers, Trace, Tags }

/// <summary>How each column is headed, sorted and shown.</summary>
public sealed record RunColumnInfo(RunColumn Column, string Header, string Description, RunSortKey? Sort, bool Numeric, Func<RunSummary, string> Cell);

public static class RunColumns
{
    public static readonly IReadOnlyList<RunColumn> Default =
        [RunColumn.Created, RunColumn.LaunchedBy, RunColumn.Parameters, RunColumn.TrainLoss, RunColumn.TestAccuracy, RunColumn.TopEigenvalue, RunColumn.Outliers, RunColumn.Tags];

    public static readonly IReadOnlyList<RunColumnInfo> All =
    [
        new(RunColumn.Created, "Created", "When the run was created", RunSortKey.Created, false, _ => ""),
        new(RunColumn.LaunchedBy, "Launched by", "Who launched the run (— for runs from before accounts)", null, false, r => r.LaunchedBy ?? "—"),
        new(RunColumn.Parameters, "Parameters M", "Number of trainable parameters", RunSortKey.Parameters, true, r => r.ParameterCount is { } m ? NumberFormat.Count(m) : "—"),
        new(RunColumn.TrainLoss, "Train loss", "Training loss at the latest epoch", RunSortKey.TrainLoss, true, r => Number(r.FinalTrainLoss)),
        new(RunColumn.TrainAccuracy, "Train acc.", "Training accuracy at the latest epoch", RunSortKey.TrainAccuracy, true, r => Percent(r.FinalTrainAccuracy)),
        new(RunColumn.TestAccuracy, "Test acc.", "Test accuracy at the latest epoch", RunSortKey.TestAccuracy, true, r => Percent(r.FinalTestAccuracy)),
        new(RunColumn.TopEigenvalue, "Top eigenvalue λ₁", "Largest Hessian eigenvalue at the latest checkpoint", RunSortKey.TopEigenvalue, true, r => Number(r.TopEigenvalue)),
        new(RunColumn.Outliers, "Outliers", "Hessian eigenvalues above the bulk at the end of training", RunSortKey.Outliers, true, r => r.EndOutlierCount?.ToString() ?? "—"),
        new(RunColumn.Trace, "Trace tr(H)", "Trace of the Hessian at the end of training (exact when computed, else estimated)", RunSortKey.Trace, true, r => Number(r.EndTrace)),
        new(RunColumn.Tags, "Tags", "The run's tags", null, false, r => string.Join(", ", r.Tags)),
    ];

    public static RunColumnInfo Info(RunColumn column) => All.Single(c => c.Column == column);

    public static string Name(RunColumn column) => char.ToLowerInvariant(column.ToString()[0]) + column.ToString()[1..];

    /// <summary>The <c>cols</c> parameter: names separated by commas, unknown ones skipped; none or empty means the default.</summary>
    public static IReadOnlyList<RunColumn> Parse(string? text)
    {
        var parsed = (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => Enum.TryParse<RunColumn>(n, ignoreCase: true, out var c) && !int.TryParse(n, out _) ? c : (RunColumn?)null)
            .OfType<RunColumn>().Distinct().ToList();
        return parsed.Count == 0 ? Default : All.Select(c => c.Column).Where(parsed.Contains).ToList();
    }

    /// <summary>The <c>cols</c> parameter for <paramref name="columns"/>; null for the default set.</summary>
    public static string? Format(IReadOnlyList<RunColumn> columns) =>
        columns.Order().SequenceEqual(Default.Order()) ? null : string.Join(',', columns.Select(Name));

    static string Number(double? value) => value is { } v ? NumberFormat.Significant(v) : "—";

    static string Percent(double? value) => value is { } v ? (100 * v).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture) + " %" : "—";
}
