using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.Curvature;

public sealed partial class TracePanel
{
    static readonly string[] MethodOrder = [TraceMethods.Hutchinson, TraceMethods.HutchPlusPlus, TraceMethods.Exact];

    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;
    [Parameter] public string? Checkpoint { get; set; }

    ApexChart? chart;
    string? drawn;

    /// <summary>The newest estimate of each operator and method at this checkpoint: H first, Hutchinson, Hutch++, exact.</summary>
    IReadOnlyList<TraceResult> Shown
    {
        get
        {
            var here = Progress.Traces.Where(t => t.Checkpoint == Checkpoint).ToList();
            return OperatorNames.Ordered(here.Select(t => t.Operator))
                .SelectMany(op => here.Where(t => t.Operator == op).Select(t => t.Method).Distinct()
                    .OrderBy(m => Array.IndexOf(MethodOrder, m) is var i and >= 0 ? i : MethodOrder.Length)
                    .Select(m => here.Last(t => t.Operator == op && t.Method == m)))
                .ToList();
        }
    }

    string EmptyText =>
        !Spec.Analysis.Trace.Enabled && Progress.Traces.Count == 0 ? "No trace: the spec turns it off (analysis.trace.enabled)."
        : Checkpoint is null ? (Progress.Status.IsTerminal() ? "This run estimated no trace." : "The trace appears when a checkpoint's analysis finishes.")
        : $"No trace for {Checkpoint}" + (Progress.Status.IsTerminal() ? "." : " yet.");

    ChartOptions Options => new()
    {
        Title = "Trace of H over training",
        XAxisTitle = "checkpoint",
        YAxisTitle = "tr(H) = Σλᵢ",
        Kind = ChartKind.LineWithBands,
        XLabels = Progress.AnalysedCheckpoints.ToList(),
        XLines = Checkpoint is null || Progress.AnalysedCheckpoints.Count < 2 ? [] : [new ChartMarkLine(Position(Checkpoint), "shown")],
        Height = 260,
        NoDataText = EmptyText,
    };

    public static string MethodName(string method) => method switch
    {
        TraceMethods.Hutchinson => "Hutchinson",
        TraceMethods.HutchPlusPlus => "Hutch++",
        TraceMethods.Exact => "exact",
        _ => method,
    };

    /// <summary>"12.35 ± 0.4" for an estimate, the value alone for the exact trace.</summary>
    public static string WithError(TraceResult t) => t.Method == TraceMethods.Exact || t.StandardError == 0
        ? NumberFormat.Significant(t.Value)
        : $"{NumberFormat.Significant(t.Value)} ± {NumberFormat.Significant(t.StandardError, 2)}";

    /// <summary>The standard error as a percentage of |trace|, two significant digits ("12 %", "0.01 %").</summary>
    public static string RelativeError(TraceResult t) =>
        t.Method == TraceMethods.Exact || t.Value == 0 ? "—" : NumberFormat.Significant(100 * t.StandardError / Math.Abs(t.Value), 2) + " %";

    int Position(string checkpoint)
    {
        for (var i = 0; i < Progress.AnalysedCheckpoints.Count; i++)
            if (Progress.AnalysedCheckpoints[i] == checkpoint) return i;
        return -1;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var key = $"{Progress.AnalysedCheckpoints.Count}|{Progress.Traces.Count}";
        if (key == drawn) return;
        drawn = key;
        await chart.ReplaceAsync(ToSeries(Progress.Traces, Position).ToList());
    }

    /// <summary>H's estimates at each checkpoint (x = its place in training order) with a ± one standard error band.</summary>
    public static IEnumerable<ChartSeries> ToSeries(IEnumerable<TraceResult> traces, Func<string, int> position)
    {
        var hessian = traces.Where(t => t.Operator == CurvatureOperators.Hessian).ToList();
        foreach (var (method, color) in new[] { (TraceMethods.Hutchinson, "#1e88e5"), (TraceMethods.HutchPlusPlus, "#8e24aa") })
        {
            var estimates = Newest(hessian.Where(t => t.Method == method), position);
            if (estimates.Count == 0) continue;
            var name = MethodName(method);
            yield return ChartSeries.OfBand($"{name} ± SE", estimates.Select(e => (e.X, e.T.Value - e.T.StandardError, e.T.Value + e.T.StandardError)), color);
            yield return ChartSeries.Of(name, estimates.Select(e => (e.X, e.T.Value)), color);
        }
        var exact = Newest(hessian.Where(t => t.Method == TraceMethods.Exact), position);
        if (exact.Count > 0)
            yield return ChartSeries.Of("exact", exact.Select(e => (e.X, e.T.Value)), "#e65100") with { PointsOnly = true };
    }

    static List<(double X, TraceResult T)> Newest(IEnumerable<TraceResult> traces, Func<string, int> position) =>
        traces.GroupBy(t => t.Checkpoint).Select(g => ((double)position(g.Key), g.Last()))
            .Where(e => e.Item1 >= 0).OrderBy(e => e.Item1).ToList();
}
