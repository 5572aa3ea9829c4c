using System.Text.Json;
using Bunit;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Components;

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
        Assert.Contains("Lanczos top-2 (init): λ₁ = 3", view.Find("[data-testid=spectrum-summary]").TextContent);
        Assert.Contains("1 negative of 4", view.Find("[data-testid=spectrum-summary]").TextContent);
        Assert.Empty(view.FindAll("[data-testid=cancel-run]"));

        await ChartsPushedAsync(view);
        Assert.Equal([[1, 2.5], [2, 3.0], [2, 0.5]], charts.PointsSent("Ritz values", Checkpoints.Init));
        Assert.Equal([[1, 1.2], [2, 0.6]], charts.PointsSent("Loss", "train"));
        Assert.Equal([[1, 40], [2, 75]], charts.PointsSent("Accuracy", "train"));
        Assert.Equal([[1, 3.0], [2, 0.5], [3, 0.01], [4, -0.002]], charts.PointsSent("Eigenvalues, largest first", "exact (init)"));
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
        Assert.Equal(RunStatus.Cancelled, (await Store.GetAsync(run.Id))!.Status);
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
    static Task ChartsPushedAsync(IRenderedComponent<RunView> view) => view.InvokeAsync(() => { });

    /// <summary>
    /// What the page sent to wwwroot/js/charts.js, per chart (known by its title) and series: the
    /// series a chart was created with and every append after, in order.
    /// </summary>
    sealed class ChartModule
    {
        readonly BunitJSModuleInterop module;
        readonly Dictionary<int, string> titles = [];

        public ChartModule(BunitJSInterop js)
        {
            module = js.SetupModule("./js/charts.js");
            // Planned, so that bUnit records them (it keeps no record of unplanned void calls on a module).
            foreach (var method in new[] { "append", "replace", "update", "destroy" })
                module.SetupVoid(method, _ => true).SetVoidResult();
            // Each chart gets its own id, so that an append names the chart it is for.
            string[] known = ["Loss", "Accuracy", "Ritz values", "Eigenvalues, largest first", "Exact eigenvalues"];
            for (var i = 0; i < known.Length; i++)
            {
                var (id, title) = (i + 1, known[i]);
                titles[id] = title;
                module.Setup<int>("create", call => Title(call.Arguments[1]) == title).SetResult(id);
            }
        }

        public List<double[]> PointsSent(string title, string series)
        {
            var points = new List<double[]>();
            foreach (var call in module.Invocations)
            {
                if (call.Identifier == "create" && Title(call.Arguments[1]) == title)
                    points.AddRange(Points(call.Arguments[2], series));
                else if (call.Identifier is "append" && ChartTitle(call) == title)
                    points.AddRange(Points(call.Arguments[1], series));
                else if (call.Identifier is "replace" && ChartTitle(call) == title)
                {
                    points.Clear();
                    points.AddRange(Points(call.Arguments[1], series));
                }
            }
            return points;
        }

        string? ChartTitle(JSRuntimeInvocation call) => titles.GetValueOrDefault((int)call.Arguments[0]!);

        static string? Title(object? options) =>
            JsonSerializer.SerializeToElement(options).GetProperty("title").GetString();

        static IEnumerable<double[]> Points(object? sent, string series) =>
            ((IEnumerable<ChartSeries>)sent!).Where(s => s.Name == series).SelectMany(s => s.Points);
    }
}
