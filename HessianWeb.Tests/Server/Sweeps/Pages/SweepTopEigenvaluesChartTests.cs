using HessianWeb.Tests.Hosting;
using System.Text.Json.Nodes;
using HessianWeb.Server.Sweeps.Pages;
using HessianWeb.Server.Sweeps;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Sweeps.Pages;

/// <summary>The sweep's top-eigenvalue chart draws 2/η when every run is plain full-batch descent at one rate, and nothing otherwise.</summary>
public sealed class SweepTopEigenvaluesChartTests : DashboardTestContext
{
    readonly ChartModule charts;

    public SweepTopEigenvaluesChartTests() => charts = new ChartModule(JSInterop);

    static SweepRun Run(int k, TrainingEnd? training) => new(
        Guid.NewGuid(), $"k = {k}", k, RunStatus.Completed, null, new JsonObject { ["data.classes"] = k }, 109,
        k - 1, false, 0.1, k, 18.5, [18.5, 4, 1], 0.05, 0.97, null, Training: training);

    static SweepSummary Sweep(params SweepRun[] runs) => new(
        Guid.NewGuid(), "s", SweepPresets.OutliersVsClasses, DateTime.UtcNow, [new SweepAxis("data.classes", [2, 3])],
        new Dictionary<RunStatus, int> { [RunStatus.Completed] = runs.Length }, runs);

    [Fact]
    public void One_rate_of_full_batch_descent_draws_its_edge_of_stability()
    {
        var sweep = Sweep(Run(2, new TrainingEnd(0.3, false, 20)), Run(3, new TrainingEnd(1e-5, true, 20)));
        Render<SweepTopEigenvaluesChart>(p => p.Add(c => c.Sweep, sweep).Add(c => c.Aggregation, new SweepAggregation(sweep)));

        var line = Assert.Single(charts.OptionsSent("Top eigenvalues at the end of training").GetProperty("yLines").EnumerateArray());
        Assert.Equal(20, line.GetProperty("y").GetDouble());
        Assert.Equal("2/η = 20: edge of stability", line.GetProperty("label").GetString());
    }

    [Fact]
    public void Mini_batches_or_two_rates_draw_no_level()
    {
        Assert.Empty(SweepTopEigenvaluesChart.StabilityLines(Sweep(Run(2, new TrainingEnd(0.3, false, null)), Run(3, null))));
        Assert.Empty(SweepTopEigenvaluesChart.StabilityLines(Sweep(Run(2, new TrainingEnd(0.3, false, 20)), Run(3, new TrainingEnd(0.3, false, 200)))));
    }
}
