using Bunit;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

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
    [Fact]
    public async Task A_million_epoch_run_stored_in_buckets_draws_each_buckets_range_so_a_spike_inside_one_shows()
    {
        const int epochs = 1_000_000, width = 500; // EpochRecording.BucketWidth(1,000,000)
        var run = await Store.CreateAsync(new ExperimentSpec { Name = "million", Training = new() { Epochs = epochs } });
        // The loss falls as 1/e, with a spike to 9 inside the bucket 777,501 … 778,000 that its last epoch does not show.
        Func<RunEvent, RunEvent> Bucket(int last) => e => e with
        {
            Kind = RunEventKind.Epoch,
            Epoch = new EpochMetrics(last, 1.0 / last, 0.5, null, null, 0.1, null, new EpochBucket(last - width + 1, 1.0 / last,
                last == 778_000 ? 9.0 : 1.0 / (last - width + 1), 0.5, 0.5, 0.1, 0.1)),
        };
        await AppendAsync(run.Id, [
            Status(RunStatus.Running, RunPhase.Training, parameterCount: 109),
            Epoch(0, 2.0, 0.25),
            .. Enumerable.Range(1, epochs / width).Select(b => Bucket(b * width)),
            Status(RunStatus.Completed),
        ]);
        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));
        view.WaitForAssertion(() => Assert.Equal("completed", view.Find("[data-testid=run-status]").TextContent.Trim()), Patience);
        await view.InvokeAsync(() => { });

        var whole = charts.PointsSent("Loss", "train");
        Assert.InRange(whole.Count, 1_900, Downsampling.MaxPoints + 2); // two points a chunk of two events; epoch 0 makes the 1,001st chunk
        Assert.Contains(whole, p => p[1] == 9.0 && p[0] >= 777_501 && p[0] <= 778_000);
        Assert.Equal([1_000_000, 1.0 / 1_000_000], whole[^1]);
        Assert.Contains("Epoch 1,000,000", view.Find("[data-testid=latest-epoch]").TextContent);
    }
}
