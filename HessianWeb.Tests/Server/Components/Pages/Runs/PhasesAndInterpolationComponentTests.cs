using Bunit;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Server.Components.Pages.Runs.Landscape;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

/// <summary>Phase boundaries on the training charts, phase checkpoints in order, and the interpolation chart.</summary>
public sealed class PhasesAndInterpolationComponentTests : DashboardTestContext
{
    readonly ChartModule charts;
    long sequence;

    public PhasesAndInterpolationComponentTests() => charts = new ChartModule(JSInterop);

    RunEvent Event(Func<RunEvent, RunEvent> payload) => payload(new RunEvent { RunId = Guid.Empty, Sequence = ++sequence, Kind = RunEventKind.Status });

    RunEvent Epoch(int epoch, string phase, double loss) =>
        Event(e => e with { Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(epoch, loss, 0.5, loss + 0.1, 0.4, 0.01, phase) });

    RunEvent SavedWeights(string checkpoint) =>
        Event(e => e with { Kind = RunEventKind.Artifact, Artifact = new ArtifactResult(checkpoint, ArtifactKinds.Weights, [], $"{checkpoint}.safetensors") });

    RunEvent Point(string label, int index, double alpha, double loss, double? top = null) =>
        Event(e => e with { Kind = RunEventKind.Interpolation, Interpolation = new InterpolationPoint(label, index, 5, alpha, loss, 0.9, loss + 0.2, 0.8, top) });

    [Fact]
    public void Phase_checkpoints_go_phase_by_phase_between_init_and_end_and_reanalyses_after()
    {
        string[] arrived = ["end", "sb:epoch-8", "lb:end·2", "lb:end", "init", "lb:epoch-4", "sb:epoch-6", "end·2"];

        Assert.Equal(["init", "lb:epoch-4", "lb:end", "sb:epoch-6", "sb:epoch-8", "end", "lb:end·2", "end·2"], CheckpointOrder.Sort(arrived, ["lb", "sb"]));
        // Without the phases' order a phase's end still follows its epochs.
        Assert.Equal(["init", "lb:epoch-4", "lb:end", "end"], CheckpointOrder.Sort(["end", "lb:end", "lb:epoch-4", "init"]));
    }

    [Fact]
    public void The_run_progress_learns_the_phases_from_the_epochs_and_orders_their_checkpoints()
    {
        var progress = new RunProgress();
        foreach (var e in new[]
        {
            SavedWeights("init"), Epoch(0, "lb", 1.4), Epoch(1, "lb", 1.0), Epoch(2, "lb", 0.6), SavedWeights("lb:end"),
            Epoch(2, "sb", 0.6), Epoch(3, "sb", 0.9), SavedWeights("sb:epoch-3"), Epoch(4, "sb", 0.5), SavedWeights("end"),
        })
            progress.Apply(e);

        Assert.Equal([new PhaseStart("lb", 0), new PhaseStart("sb", 2)], progress.Phases);
        Assert.Equal(["init", "lb:end", "sb:epoch-3", "end"], progress.WeightCheckpoints);
    }

    [Fact]
    public async Task The_training_charts_mark_where_each_phase_starts()
    {
        var progress = new RunProgress();
        foreach (var e in new[] { Epoch(0, "lb", 1.4), Epoch(1, "lb", 1.0), Epoch(1, "sb", 1.0), Epoch(2, "sb", 1.2) }) progress.Apply(e);

        var view = Render<TrainingCharts>(p => p.Add(c => c.Progress, progress).Add(c => c.Status, RunStatus.Completed).Add(c => c.ExpectedEpochs, 2));
        await view.InvokeAsync(() => { });

        foreach (var chart in new[] { "Loss", "Accuracy" })
        {
            var lines = charts.OptionsSent(chart).GetProperty("xLines").EnumerateArray()
                .Select(l => (l.GetProperty("x").GetDouble(), l.GetProperty("label").GetString())).ToList();
            Assert.Equal([(0.0, "phase lb"), (1.0, "phase sb")], lines);
        }
        Assert.StartsWith("Phase sb, epoch 2:", view.Find("[data-testid=latest-epoch]").TextContent);
    }

    [Fact]
    public async Task The_interpolation_chart_draws_the_newest_line_with_the_top_eigenvalue_on_a_second_axis()
    {
        var progress = new RunProgress();
        double[] loss = [0.9, 0.3, 0.35, 0.25, 0.8];
        for (var i = 0; i < 5; i++) progress.Apply(Point("init→end", i, -0.5 + 0.5 * i, loss[i]));
        for (var i = 0; i < 3; i++) progress.Apply(Point("lb:end→end", i, -0.5 + 0.5 * i, loss[i], top: 10 - i));

        var view = Render<InterpolationChart>(p => p.Add(c => c.Progress, progress));
        await view.InvokeAsync(() => { });

        var series = charts.SeriesSent("Along");
        Assert.Equal(["train", "test", "λ₁"], series.Select(s => s.Name));
        Assert.Equal([[-0.5, 0.9], [0, 0.3], [0.5, 0.35]], series[0].Points);
        Assert.Equal([[-0.5, 10.0], [0, 9], [0.5, 8]], series[2].Points);
        Assert.True(series[2].SecondAxis);
        var options = charts.OptionsSent("Along");
        Assert.Equal("Along lb:end→end", options.GetProperty("title").GetString());
        Assert.Equal([0.0, 1.0], options.GetProperty("xLines").EnumerateArray().Select(l => l.GetProperty("x").GetDouble()));
        Assert.Contains("3 of 5 points so far", view.Find("[data-testid=interpolation-summary]").TextContent);
    }

    [Fact]
    public void The_summary_tells_a_barrier_from_none_between_alpha_0_and_1()
    {
        var progress = new RunProgress();
        double[] loss = [0.9, 0.3, 0.5, 0.25, 0.8]; // α = 0 … 1 is 0.3, 0.5, 0.25: a rise of 0.2 above the higher end
        for (var i = 0; i < 5; i++) progress.Apply(Point("init→end", i, -0.5 + 0.5 * i, loss[i]));

        var view = Render<InterpolationChart>(p => p.Add(c => c.Progress, progress));

        Assert.Contains("rises up to 0.2 above the higher end (66.7 %): a barrier", view.Find("[data-testid=interpolation-summary]").TextContent);
    }

    [Fact]
    public void A_rise_below_one_percent_of_the_higher_end_is_not_called_a_barrier()
    {
        var progress = new RunProgress();
        double[] loss = [0.9, 0.66, 0.67, 0.665, 0.8];
        for (var i = 0; i < 5; i++) progress.Apply(Point("lb:end→end", i, -0.5 + 0.5 * i, loss[i]));

        var view = Render<InterpolationChart>(p => p.Add(c => c.Progress, progress));

        Assert.Contains("rises at most 0.005 above the higher end (0.8 %): no barrier beyond 1 %", view.Find("[data-testid=interpolation-summary]").TextContent);
    }

    [Fact]
    public async Task A_finished_run_offers_an_interpolation_from_init_to_end_and_says_why_another_run_id_is_refused()
    {
        var run = await CreateRunAsync();
        await AppendAsync(run.Id, Status(RunStatus.Running, RunPhase.Training, parameterCount: 109), Weights(Checkpoints.Init), Weights(Checkpoints.End),
            Status(RunStatus.Completed));

        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));
        view.WaitForAssertion(() => view.Find("[data-testid=new-interpolation-submit]"), Patience);
        await view.Find("input[data-testid=new-interpolation-to-run]").ChangeAsync(new() { Value = "not-a-run" });
        await view.Find("[data-testid=new-interpolation-submit]").ClickAsync(new());
        view.WaitForAssertion(() => Assert.Contains("'not-a-run' is not a run id", view.Find("[data-testid=new-interpolation-result]").TextContent), Patience);
        Assert.Empty(await Services.GetRequiredService<RunAnalyses>().ListAsync(run.Id));

        await view.Find("input[data-testid=new-interpolation-to-run]").ChangeAsync(new() { Value = "" });
        await view.Find("[data-testid=new-interpolation-submit]").ClickAsync(new());

        view.WaitForAssertion(() => Assert.Contains("Queued init→end", view.Find("[data-testid=new-interpolation-result]").TextContent), Patience);
        var queued = Assert.Single(await Services.GetRequiredService<RunAnalyses>().ListAsync(run.Id));
        Assert.Equal(("init", "init→end"), (queued.Checkpoint, queued.Label));
    }
}
