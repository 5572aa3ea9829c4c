using HessianWeb.Server.Components.Charts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

public sealed partial class LanczosChart
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;

    ApexChart? chart;
    readonly Dictionary<string, int> pushed = [];
    // A checkpoint whose curvature is small (often init) is flat at the scale of a large one.
    bool logMagnitude;

    ChartOptions Options => new()
    {
        Title = "Ritz values",
        XAxisTitle = "Lanczos iteration m (Hessian-vector products)",
        YAxisTitle = logMagnitude ? "|Ritz value λ|, log scale (λ < 0 by magnitude)" : "Ritz value λ",
        Kind = ChartKind.Scatter,
        LogY = logMagnitude,
        IntegerX = true,
        Height = 360,
        NoDataText = Progress.Status.IsTerminal() ? "This run did no Lanczos iterations." : "Ritz values appear as Lanczos runs at each checkpoint.",
    };

    /// <summary>"init: iteration 34, 34 Hessian-vector products; residual bounds of the top 10 ≤ 3.1e-09."</summary>
    string Describe(LanczosTrace trace)
    {
        var latest = trace.Latest;
        var k = Math.Min(Spec.Analysis.LanczosK, latest.ResidualBounds.Length);
        var text = $"{trace.Checkpoint}: iteration {NumberFormat.Count(latest.Iteration)}, {NumberFormat.Count(latest.HvpCount)} Hessian-vector products";
        if (k > 0)
            text += $"; residual bounds of the top {k} ≤ {NumberFormat.Scientific(latest.ResidualBounds.Take(k).Max())}, largest Ritz value {NumberFormat.Significant(latest.RitzValues[0])}";
        return text + ".";
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var additions = new List<ChartSeries>();
        foreach (var trace in Progress.Lanczos)
        {
            var done = pushed.GetValueOrDefault(trace.Checkpoint);
            if (done == trace.Iterations.Count) continue;
            var fresh = trace.Iterations.Skip(done).ToList();
            pushed[trace.Checkpoint] = trace.Iterations.Count;
            additions.Add(ChartSeries.Of(trace.Checkpoint,
                fresh.SelectMany(it => it.RitzValues.Select(ritz => ((double)it.Iteration, ritz))),
                CheckpointColors.For(trace.Checkpoint)));
        }
        if (additions.Count > 0) await chart.AppendAsync(additions);
    }
}
