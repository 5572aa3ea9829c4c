using Bunit;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Components;

/// <summary>A long run's curves go out in buckets; a zoom gets the range again at full resolution from the server.</summary>
public sealed class ChartZoomTests : DashboardTestContext
{
    readonly ChartModule charts;

    public ChartZoomTests() => charts = new ChartModule(JSInterop);

    [Fact]
    public async Task Zooming_a_long_training_curve_rebuckets_the_range_and_a_reset_restores_the_whole_run()
    {
        const int epochs = 5_000;
        var run = await Store.CreateAsync(new ExperimentSpec { Name = "long", Training = new() { Epochs = epochs } });
        // A loss with a one-epoch spike at 1,101 that every bucketing must keep.
        double Loss(int e) => e == 1_101 ? 9.0 : 1.0 / e;
        await AppendAsync(run.Id, [
            Status(RunStatus.Running, RunPhase.Training, parameterCount: 109),
            .. Enumerable.Range(1, epochs).Select(e => Epoch(e, Loss(e), 0.5)),
            Status(RunStatus.Completed),
        ]);
        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));
        view.WaitForAssertion(() => Assert.Equal("completed", view.Find("[data-testid=run-status]").TextContent.Trim()), Patience);
        await view.InvokeAsync(() => { });

        var whole = charts.PointsSent("Loss", "train");
        Assert.InRange(whole.Count, 1_000, Downsampling.MaxPoints);
        Assert.Contains(whole, p => p[0] == 1_101 && p[1] == 9.0);

        var loss = view.FindComponents<ApexChart>().Single(c => c.Instance.TestId == "chart-loss");
        await loss.InvokeAsync(() => loss.Instance.OnZoomedAsync(1_000, 1_200));

        // Every epoch of the range (and one each side, so the line reaches the edges), each once, with its own value.
        var zoomed = charts.PointsSent("Loss", "train");
        Assert.Equal(Enumerable.Range(999, 203).Select(e => (double)e), zoomed.Select(p => p[0]));
        Assert.All(zoomed, p => Assert.Equal(Loss((int)p[0]), p[1]));

        await loss.InvokeAsync(() => loss.Instance.OnZoomedAsync(null, null));
        Assert.Equal(whole, charts.PointsSent("Loss", "train"));
    }
}
