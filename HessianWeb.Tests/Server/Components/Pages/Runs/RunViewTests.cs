using Bunit;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

public sealed class RunViewTests : DashboardTestContext
{
    readonly ChartModule charts;

    public RunViewTests() => charts = new ChartModule(JSInterop);

    [Fact]
    public async Task Renders_the_stored_events_of_a_finished_run()
    {
        var run = await CreateRunAsync("blobs k=4");
        await AppendAsync(run.Id,
            Status(RunStatus.Running, RunPhase.Analysing, parameterCount: 109),
            Lanczos(Checkpoints.Init, 2.5),
            Lanczos(Checkpoints.Init, 3.0, 0.5),
            Spectrum(Checkpoints.Init, SpectrumMethods.Lanczos, 3.0, 0.5),
            Spectrum(Checkpoints.Init, SpectrumMethods.Exact, 3.0, 0.5, 0.01, -0.002),
            Status(RunStatus.Running, RunPhase.Training),
            Epoch(1, 1.2, 0.4),
            Epoch(2, 0.6, 0.75),
            Status(RunStatus.Completed));

        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));

        view.WaitForAssertion(() => Assert.Equal("completed", view.Find("[data-testid=run-status]").TextContent.Trim()), Patience);
        Assert.Equal("blobs k=4", view.Find("[data-testid=run-name]").TextContent);
        Assert.Contains("M = 109 parameters", view.Find("[data-testid=run-facts]").TextContent);
        Assert.Contains("Epoch 2: train loss 0.6, train accuracy 75 %", view.Find("[data-testid=latest-epoch]").TextContent);
        Assert.Contains("init: iteration 2, 2 Hessian-vector products", view.Find("[data-testid=lanczos-latest]").TextContent);
        Assert.Contains("H Lanczos top-2: λ₁ = 3", view.Find("[data-testid=spectrum-summary]").TextContent);
        Assert.Contains("1 negative of 4", view.Find("[data-testid=spectrum-summary]").TextContent);
        Assert.Empty(view.FindAll("[data-testid=cancel-run]"));

        await ChartsPushedAsync(view);
        Assert.Equal([[1, 2.5], [2, 3.0], [2, 0.5]], charts.PointsSent("Ritz values", Checkpoints.Init));
        Assert.Equal([[1, 1.2], [2, 0.6]], charts.PointsSent("Loss", "train"));
        Assert.Equal([[1, 40], [2, 75]], charts.PointsSent("Accuracy", "train"));
        Assert.Equal([[1, 3.0], [2, 0.5], [3, 0.01], [4, -0.002]], charts.PointsSent("Eigenvalues, largest first", "H exact"));
        Assert.Equal(4, charts.PointsSent("Exact eigenvalues", Checkpoints.Init).Sum(p => p[1]));
    }

    [Fact]
    public async Task Shows_new_events_as_they_are_stored_and_sends_each_point_once()
    {
        var run = await CreateRunAsync();
        await AppendAsync(run.Id, Status(RunStatus.Running, RunPhase.Training, parameterCount: 109), Epoch(1, 1.0, 0.5));
        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));
        view.WaitForAssertion(() => Assert.Contains("Epoch 1:", view.Find("[data-testid=latest-epoch]").TextContent), Patience);
        Assert.Equal("running: training", view.Find("[data-testid=run-status]").TextContent.Trim());

        await AppendAsync(run.Id,
            Epoch(2, 0.5, 0.8),
            Status(RunStatus.Running, RunPhase.Analysing),
            Lanczos(Checkpoints.End, 4.0),
            Lanczos(Checkpoints.End, 4.5, 1.0));

        view.WaitForAssertion(() =>
        {
            Assert.Equal("running: analysing", view.Find("[data-testid=run-status]").TextContent.Trim());
            Assert.Contains("Epoch 2:", view.Find("[data-testid=latest-epoch]").TextContent);
            Assert.Contains("end: iteration 2", view.Find("[data-testid=lanczos-latest]").TextContent);
        }, Patience);
        await ChartsPushedAsync(view);
        Assert.Equal([[1, 1.0], [2, 0.5]], charts.PointsSent("Loss", "train"));
        Assert.Equal([[1, 4.0], [2, 4.5], [2, 1.0]], charts.PointsSent("Ritz values", Checkpoints.End));

        await AppendAsync(run.Id, Status(RunStatus.Diverged, error: "The training loss became NaN at epoch 3."));

        view.WaitForAssertion(() =>
        {
            Assert.Equal("diverged", view.Find("[data-testid=run-status]").TextContent.Trim());
            Assert.Contains("The training loss became NaN at epoch 3.", view.Find("[data-testid=run-error]").TextContent);
            Assert.Empty(view.FindAll("[data-testid=cancel-run]"));
        }, Patience);
    }

    [Fact]
    public async Task The_checkpoint_slider_switches_what_the_density_spectrum_outlier_and_trace_panels_show()
    {
        var run = await CreateRunAsync();
        await AppendAsync(run.Id,
            Status(RunStatus.Running, RunPhase.Analysing, parameterCount: 109),
            Density(SyntheticDensity(Checkpoints.Init, 101)),
            Spectrum(Checkpoints.Init, SpectrumMethods.Exact, 3.0, 0.5, 0.01),
            Outliers(Checkpoints.Init, 5, 0.01),
            Trace(Checkpoints.Init, TraceMethods.Hutchinson, 3.5, 0.25),
            Density(SyntheticDensity(Checkpoints.End, 301)),
            Outliers(Checkpoints.End, 3, 0.05),
            Trace(Checkpoints.End, TraceMethods.Hutchinson, 12.3, 0.4),
            Status(RunStatus.Completed));

        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));

        // The newest checkpoint first.
        view.WaitForAssertion(() => Assert.Equal("end", view.Find("[data-testid=checkpoint-shown]").TextContent.Trim()), Patience);
        Assert.Contains("2 of 2 checkpoints, following the newest", view.Find("[data-testid=checkpoint-position]").TextContent);
        Assert.Equal("3", view.Find("[data-testid=outlier-count]").TextContent.Trim());
        Assert.Equal("12.3 ± 0.4", view.Find("[data-testid=trace-value]").TextContent.Trim());
        Assert.Contains("No spectrum for end.", view.Find("[data-testid=spectrum-summary]").TextContent);
        await ChartsPushedAsync(view);
        Assert.Equal(301, charts.SeriesSent("Spectral density").Last().Points.Count);

        await view.Find("[data-testid=checkpoint-slider]").InputAsync(new() { Value = "0" });

        view.WaitForAssertion(() => Assert.Equal("init", view.Find("[data-testid=checkpoint-shown]").TextContent.Trim()), Patience);
        Assert.Contains("1 of 2 checkpoints.", view.Find("[data-testid=checkpoint-position]").TextContent);
        Assert.Equal("5", view.Find("[data-testid=outlier-count]").TextContent.Trim());
        Assert.Equal("3.5 ± 0.25", view.Find("[data-testid=trace-value]").TextContent.Trim());
        await ChartsPushedAsync(view);
        Assert.Equal(101, charts.SeriesSent("Spectral density").Last().Points.Count);
        Assert.Equal("Spectral density (init)", charts.OptionsSent("Spectral density").GetProperty("title").GetString());
        Assert.Equal([[1, 3.0], [2, 0.5], [3, 0.01]], charts.PointsSent("Eigenvalues, largest first", "H exact"));

        await view.Find("[data-testid=checkpoint-follow]").ClickAsync(new());

        view.WaitForAssertion(() => Assert.Equal("end", view.Find("[data-testid=checkpoint-shown]").TextContent.Trim()), Patience);
    }

    [Fact]
    public async Task Cancel_ends_a_run_that_no_worker_has_yet()
    {
        var run = await CreateRunAsync();
        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));
        view.WaitForAssertion(() => Assert.Equal("queued", view.Find("[data-testid=run-status]").TextContent.Trim()), Patience);
        Assert.Contains("Waiting for a compute worker", view.Find("[data-testid=run-queued]").TextContent);

        await view.Find("[data-testid=cancel-run]").ClickAsync(new());

        view.WaitForAssertion(() =>
        {
            Assert.Equal("cancelled", view.Find("[data-testid=run-status]").TextContent.Trim());
            Assert.Contains("Cancelled before a worker started it.", view.Find("[data-testid=run-error]").TextContent);
        }, Patience);
        Assert.Equal(RunStatus.Cancelled, (await Results.GetAsync(run.Id))!.Status);
    }

    [Fact]
    public void Says_so_when_there_is_no_such_run()
    {
        var id = Guid.NewGuid();

        var view = Render<RunView>(p => p.Add(v => v.RunId, id));

        view.WaitForAssertion(() => Assert.Contains($"There is no run {id}", view.Find("[data-testid=run-not-found]").TextContent), Patience);
    }

    [Fact]
    public async Task Without_an_exact_spectrum_the_histogram_says_why()
    {
        var run = await Store.CreateAsync(new() { Model = new() { HiddenWidths = [200, 200] } });

        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));

        view.WaitForAssertion(() => Assert.Contains("M = 41,604 is above 5,000", view.Find("[data-testid=histogram-unavailable]").TextContent), Patience);
    }

    /// <summary>
    /// The charts push what is new right after each render; a no-op queued on the renderer's
    /// dispatcher runs after those pushes, so the calls they made are all recorded by then.
    /// </summary>
    [Fact]
    public async Task New_epochs_alone_leave_the_curvature_panels_unrendered_and_a_curvature_result_renders_them()
    {
        var run = await CreateRunAsync();
        await AppendAsync(run.Id, Status(RunStatus.Running, RunPhase.Training, parameterCount: 109), Epoch(1, 1.0, 0.5));
        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));
        view.WaitForAssertion(() => Assert.Contains("Epoch 1:", view.Find("[data-testid=latest-epoch]").TextContent), Patience);
        var panels = view.FindComponent<CurvaturePanels>().Instance;
        var before = panels.Renders;

        await AppendAsync(run.Id, Epoch(2, 0.5, 0.8), Epoch(3, 0.4, 0.85));
        view.WaitForAssertion(() => Assert.Contains("Epoch 3:", view.Find("[data-testid=latest-epoch]").TextContent), Patience);
        Assert.Equal(before, panels.Renders);

        await AppendAsync(run.Id, Lanczos(Checkpoints.End, 4.0));
        view.WaitForAssertion(() => Assert.True(panels.Renders > before), Patience);
    }

    static Task ChartsPushedAsync(IRenderedComponent<RunView> view) => view.InvokeAsync(() => { });
}
