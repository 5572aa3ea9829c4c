using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Components.Pages.Runs.Curvature;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

public sealed partial class LanczosChart
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;

    /// <summary>The checkpoint whose final Ritz pairs the table lists.</summary>
    [Parameter] public string? Checkpoint { get; set; }

    /// <summary>The page follows the newest checkpoint: the residual bounds then follow the Lanczos run in progress.</summary>
    [Parameter] public bool Following { get; set; }

    ApexChart? chart;
    readonly Dictionary<string, int> pushed = [];
    string? drawnOperator;
    string? pickedOperator;
    // A checkpoint whose curvature is small (often init) is flat at the scale of a large one.
    bool logMagnitude;

    IReadOnlyList<string> Operators => OperatorNames.Ordered(Progress.Lanczos.Select(t => t.Operator));

    /// <summary>The Hessian unless another operator is picked (or only another was measured).</summary>
    string Operator => pickedOperator
        ?? (Operators.Count == 0 || Operators.Contains(CurvatureOperators.Hessian) ? CurvatureOperators.Hessian : Operators[0]);

    IReadOnlyList<LanczosTrace> Traces => Progress.Lanczos.Where(t => t.Operator == Operator).ToList();

    /// <summary>The checkpoint whose residual bounds and final pairs show: the one picked, or the newest Lanczos run.</summary>
    string? DetailCheckpoint => Following ? Traces.LastOrDefault()?.Checkpoint ?? Checkpoint : Checkpoint;

    bool Thinned => Progress.Lanczos.Any(t => t.Iterations.Count > 0 && (t.Latest.RitzCount ?? t.Latest.RitzValues.Length) > RitzValueSample.PerIteration(Spec.Analysis));

    ChartOptions Options => new()
    {
        Title = "Ritz values",
        XAxisTitle = $"Lanczos iteration m ({OperatorNames.Products(Operator)})",
        YAxisTitle = (logMagnitude ? "|Ritz value λ|, log scale (λ < 0 by magnitude)" : "Ritz value λ") + $" of {OperatorNames.Symbol(Operator)}",
        Kind = ChartKind.Scatter,
        LogY = logMagnitude,
        IntegerX = true,
        Height = 360,
        NoDataText = Progress.Status.IsTerminal() ? "This run did no Lanczos iterations." : "Ritz values appear as Lanczos runs at each checkpoint.",
    };

    void SelectOperator(string op) => pickedOperator = op;

    /// <summary>"init: iteration 34, 34 Hessian-vector products; residual bounds of the top 10 ≤ 3.1e-09, largest Ritz value 12.3."</summary>
    string Describe(LanczosTrace trace)
    {
        var latest = trace.Latest;
        var k = Math.Min(Spec.Analysis.LanczosK, latest.ResidualBounds.Length);
        var text = $"{trace.Checkpoint}: iteration {NumberFormat.Count(latest.Iteration)}, {NumberFormat.Count(latest.HvpCount)} {OperatorNames.Products(trace.Operator)}";
        if (k > 0)
            text += $"; residual bounds of the top {k} ≤ {NumberFormat.Scientific(latest.ResidualBounds.Take(k).Max())}, largest Ritz value {NumberFormat.Significant(latest.RitzValues[0])}";
        var b = Math.Min(Spec.Analysis.LanczosBottomK, latest.ResidualBounds.Length - k);
        if (b > 0)
            text += $"; of the bottom {b} ≤ {NumberFormat.Scientific(latest.ResidualBounds.TakeLast(b).Max())}, smallest {NumberFormat.Significant(latest.RitzValues[^1])}";
        return text + ".";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var op = Operator;
        var replace = op != drawnOperator;
        if (replace)
        {
            pushed.Clear();
            drawnOperator = op;
        }
        var additions = new List<ChartSeries>();
        foreach (var trace in Traces)
        {
            var done = pushed.GetValueOrDefault(trace.Checkpoint);
            if (done == trace.Iterations.Count) continue;
            var fresh = trace.Iterations.Skip(done).ToList();
            pushed[trace.Checkpoint] = trace.Iterations.Count;
            additions.Add(ChartSeries.Of(trace.Checkpoint, RitzValueSample.Points(fresh, Spec.Analysis), CheckpointColors.For(trace.Checkpoint)));
        }
        if (replace) await chart.ReplaceAsync(additions);
        else if (additions.Count > 0) await chart.AppendAsync(additions);
    }
}
