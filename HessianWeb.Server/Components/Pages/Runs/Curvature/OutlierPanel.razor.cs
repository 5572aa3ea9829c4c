using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.Curvature;

public sealed partial class OutlierPanel
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;
    [Parameter] public string? Checkpoint { get; set; }

    ApexChart? chart;
    string? drawn;

    ChartOptions Options => new()
    {
        Title = "Outliers over training",
        XAxisTitle = "checkpoint",
        YAxisTitle = "eigenvalues above the bulk edge",
        XLabels = Progress.AnalysedCheckpoints.ToList(),
        XLines = Checkpoint is null || Progress.AnalysedCheckpoints.Count < 2 ? [] : [new ChartMarkLine(Progress.AnalysedCheckpoints.ToList().IndexOf(Checkpoint), "shown")],
        YMin = 0,
        Height = 240,
        NoDataText = EmptyText,
    };

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var key = $"{Progress.AnalysedCheckpoints.Count}|{Progress.Outliers.Count}";
        if (key == drawn) return;
        drawn = key;
        await chart.ReplaceAsync(ToSeries(Progress.Outliers, Progress.AnalysedCheckpoints).ToList());
    }

    /// <summary>
    /// H's and G's counts per checkpoint (x = its place in training order) as markers, with k and k − 1 as dashed
    /// lines. R is left to the table: its bulk is the whole spectrum, so its count would set the axis.
    /// </summary>
    public static IEnumerable<ChartSeries> ToSeries(IReadOnlyList<OutlierResult> outliers, IReadOnlyList<string> checkpoints)
    {
        if (outliers.Count == 0 || checkpoints.Count == 0) yield break;
        var position = checkpoints.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (double)p.i);
        var drawn = OperatorNames.Ordered(outliers.Select(o => o.Operator)).Where(op => op != CurvatureOperators.Residual).ToList();
        foreach (var op in drawn)
            yield return ChartSeries.Of($"{OperatorNames.Symbol(op)} count",
                // "No clear gap" is no number: it leaves a hole in the markers, never a point at 0.
                outliers.Where(o => o.Operator == op && position.ContainsKey(o.Checkpoint))
                    .GroupBy(o => o.Checkpoint).Select(g => g.Last()).Where(o => o.ClearCount is not null)
                    .Select(o => (position[o.Checkpoint], (double)o.Count)).OrderBy(p => p.Item1),
                OperatorColors.For(op)) with
            {
                PointsOnly = true,
                // G's squares stay visible where they sit on H's circles.
                SquareMarkers = op == CurvatureOperators.GaussNewton,
            };
        var k = outliers[^1].Classes;
        var ends = new[] { 0.0, checkpoints.Count - 1.0 };
        yield return ChartSeries.Of("k", ends.Select(x => (x, (double)k)), "#616161") with { Dashed = true };
        yield return ChartSeries.Of("k − 1", ends.Select(x => (x, k - 1.0)), "#9e9e9e") with { Dashed = true };
    }

    /// <summary>The newest count of each operator at this checkpoint, H first.</summary>
    IReadOnlyList<OutlierResult> Shown
    {
        get
        {
            var here = Progress.Outliers.Where(o => o.Checkpoint == Checkpoint).ToList();
            return OperatorNames.Ordered(here.Select(o => o.Operator)).Select(op => here.Last(o => o.Operator == op)).ToList();
        }
    }

    string EmptyText => Checkpoint is null
        ? (Progress.Status.IsTerminal() ? "This run counted no outliers." : "The count appears when a checkpoint's spectrum is in.")
        : $"No outlier count for {Checkpoint}" + (Progress.Status.IsTerminal() ? "." : " yet.");

    /// <summary>"3", "≥ 3" when only the top of the spectrum was seen, or "no clear gap".</summary>
    public static string Count(OutlierResult o) => o.NoClearGap ? "no clear gap" : (o.LowerBound ? "≥ " : "") + NumberFormat.Count(o.Count);

    /// <summary>Where the count falls beside k and k − 1, in words.</summary>
    public static string Verdict(OutlierResult o)
    {
        var k = o.Classes;
        if (o.NoClearGap) return "—";
        if (o.LowerBound) return o.Count >= k ? "≥ k" : o.Count >= k - 1 ? "≥ k − 1" : "at least " + NumberFormat.Count(o.Count);
        return o.Count == k ? "= k"
            : o.Count == k - 1 ? "= k − 1"
            : o.Count > k ? $"k + {o.Count - k}"
            : $"k − {k - o.Count}";
    }

    /// <summary>The count's evidence in words; empty for events stored before the estimator gave any.</summary>
    public static string Evidence(OutlierResult o)
    {
        if (o.GapStatistic is not { } statistic || o.SignificanceLevel is not { } level || o.Threshold is not { } threshold) return "";
        var chosen = o.Count == 0
            ? $"no gap among the top {o.MaxCount} reached {threshold:G3} edge spacings"
            : $"the gap below eigenvalue {o.Count} is {statistic:G3} edge spacings wide (it counts from {threshold:G3}; a pure bulk reaches {level:G3} in about 1 % of draws)";
        var runnerUp = o.RunnerUpCount is > 0 and var r && o.RunnerUpStatistic is { } rs
            ? $"; the strongest other gap is below eigenvalue {r}, {rs:G3} spacings" + (r > o.MaxCount ? $", beyond the most we count ({o.MaxCount})" : "")
            : "";
        var verdict = !o.NoClearGap ? ""
            : o.Count > 0 && o.Count == o.MaxCount && !o.LowerBound
                ? $" No clear gap: the count reached the most we count ({o.MaxCount}), so the bulk may begin further down; no count is reported."
                : " No clear gap: no count is reported.";
        var density = o.DensityCount is { } d && o.DensityCountError is { } e && o.DensityEdge is { } edge
            ? $" The SLQ density puts {d:0.##} ± {e:0.##} eigenvalues above {NumberFormat.Significant(edge)}." : "";
        return char.ToUpperInvariant(chosen[0]) + chosen[1..] + runnerUp + "." + verdict + density;
    }

    /// <summary>The method text, which the worker writes starting lower-case ("largest gap in log λ …").</summary>
    static string Method(OutlierResult o) => o.Method.TrimEnd('.');
}
