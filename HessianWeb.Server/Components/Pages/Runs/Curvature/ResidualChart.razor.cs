using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.Curvature;

public sealed partial class ResidualChart
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;
    [Parameter, EditorRequired] public string Operator { get; set; } = CurvatureOperators.Hessian;
    [Parameter] public string? Checkpoint { get; set; }

    ApexChart? chart;
    LanczosTrace? drawn;
    int pushed;

    LanczosTrace? Trace => Progress.Lanczos.FirstOrDefault(t => t.Checkpoint == Checkpoint && t.Operator == Operator);

    ChartOptions Options => new()
    {
        Title = "Residual bounds" + (Checkpoint is null ? "" : $" ({Checkpoint}, {OperatorNames.Symbol(Operator)})"),
        XAxisTitle = "Lanczos iteration m",
        YAxisTitle = "residual bound (log scale)",
        LogY = true,
        IntegerX = true,
        Height = 260,
        NoDataText = Checkpoint is null ? "Residual bounds appear as Lanczos runs." : $"No Lanczos iterations of {OperatorNames.Symbol(Operator)} at {Checkpoint}.",
    };

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (chart is null) return;
        var trace = Trace;
        if (!ReferenceEquals(trace, drawn))
        {
            drawn = trace;
            pushed = trace?.Iterations.Count ?? 0;
            await chart.ReplaceAsync(trace is null ? [] : ToSeries(trace.Iterations, Spec).ToList());
            return;
        }
        if (trace is null || pushed == trace.Iterations.Count) return;
        var fresh = trace.Iterations.Skip(pushed).ToList();
        pushed = trace.Iterations.Count;
        await chart.AppendAsync(ToSeries(fresh, Spec).ToList());
    }

    /// <summary>
    /// Per iteration, the worst bound of the top k and of the bottom k (the pairs Lanczos waits for), the bound under
    /// which a pair counts as converged, and for a float32 model the products' rounding level u·max|θ|.
    /// </summary>
    public static IEnumerable<ChartSeries> ToSeries(IReadOnlyList<LanczosIteration> allIterations, ExperimentSpec spec)
    {
        var analysis = spec.Analysis;
        // Past ~1,000 steps, every n-th: enough to follow the bounds down to the tolerance.
        var stride = Downsampling.BucketSize(analysis.LanczosMaxSteps);
        var iterations = allIterations.Where(it => stride == 1 || it.Iteration == 1 || it.Iteration % stride == 0).ToList();
        var k = analysis.LanczosK;
        yield return ChartSeries.Of($"top-{k}",
            iterations.Where(it => it.ResidualBounds.Length > 0)
                .Select(it => ((double)it.Iteration, it.ResidualBounds.Take(k).Max())), "#3949ab");
        var b = analysis.LanczosBottomK;
        if (b > 0)
            // Only once the iteration has more values than the top k: before, its smallest are among the top.
            yield return ChartSeries.Of($"bottom-{b}",
                iterations.Where(it => it.ResidualBounds.Length > k)
                    .Select(it => ((double)it.Iteration, it.ResidualBounds.TakeLast(Math.Min(b, it.ResidualBounds.Length - k)).Max())), "#c2185b");
        yield return Level("converged below", analysis.LanczosTolerance, "#9e9e9e");
        // A float32 model's products err by about u·‖A‖, which no residual bound of the process itself can see.
        if (spec.Model.Dtype == ModelDtype.Float32) yield return Level("float32 rounding", MachineEpsilon.Float32, "#ef6c00");

        // fraction × max|θ| at each iteration, dashed.
        ChartSeries Level(string name, double fraction, string color) => ChartSeries.Of(name,
            iterations.Where(it => it.RitzValues.Length > 0)
                .Select(it => ((double)it.Iteration, fraction * Math.Max(Math.Abs(it.RitzValues[0]), Math.Abs(it.RitzValues[^1])))),
            color) with { Dashed = true };
    }
}
