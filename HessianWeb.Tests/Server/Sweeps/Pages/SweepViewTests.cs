using HessianWeb.Tests.Hosting;
using System.Text.Json.Nodes;
using Bunit;
using HessianWeb.Server.Sweeps.Pages;
using HessianWeb.Server.Sweeps.Presets;
using HessianWeb.Shared.Runs;
using HessianWeb.Server.Sweeps;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Sweeps.Pages;

/// <summary>The sweep page over the real store: progress, the runs table, the aggregated charts and the preset's words, live.</summary>
public sealed class SweepViewTests : DashboardTestContext
{
    readonly ChartModule charts;

    public SweepViewTests() => charts = new ChartModule(JSInterop);

    async Task<(Guid Id, IReadOnlyList<Guid> Runs)> CreateSweepAsync()
    {
        var sweep = new SweepSpec
        {
            Name = "k sweep",
            Preset = SweepPresets.OutliersVsClasses,
            Axes = [new("data.classes", [2, 3]), new("model.seed", [0, 1])],
        };
        var grid = SweepGrid.Expand(sweep);
        Assert.True(grid.IsValid);
        var id = await Sweeps.CreateAsync(sweep, grid.Points);
        return (id, (await Sweeps.GetAsync(id))!.Runs.Select(r => r.Id).ToList());
    }

    /// <summary>A run analysed at the end: the exact spectrum (largest first) and the outlier count, then completed.</summary>
    Task FinishAsync(Guid runId, int classes, int outliers, params double[] eigenvalues) => AppendAsync(runId,
        Status(RunStatus.Running, RunPhase.Analysing, parameterCount: 109),
        SpectrumOf(new SpectrumResult(Checkpoints.End, SpectrumMethods.Exact, eigenvalues)),
        e => e with
        {
            Kind = RunEventKind.Outliers,
            Outliers = new OutlierResult(Checkpoints.End, CurvatureOperators.Hessian, outliers, 0.01, classes, 9, "largest gap", SpectrumMethods.Exact, false),
        },
        Status(RunStatus.Completed));

    [Fact]
    public async Task Shows_each_run_and_the_outliers_and_top_eigenvalues_as_mean_and_band_over_the_seeds()
    {
        var (id, runs) = await CreateSweepAsync();
        await FinishAsync(runs[0], 2, 1, 4.0, 1.0, 0.01);
        await FinishAsync(runs[1], 2, 2, 6.0, 2.0, 0.01);
        await FinishAsync(runs[2], 3, 2, 5.0, 3.0, 0.01);
        await FinishAsync(runs[3], 3, 2, 5.0, 2.0, 0.01);

        var view = Render<SweepView>(p => p.Add(v => v.SweepId, id));

        view.WaitForAssertion(() => Assert.Contains("4 of 4", view.Find("[data-testid=sweep-ended]").TextContent), Patience);
        Assert.Equal("k sweep", view.Find("[data-testid=sweep-name]").TextContent);
        Assert.Contains("4 runs: data.classes over 2, 3; repeated over model.seed 0, 1", view.Find("[data-testid=sweep-description]").TextContent);
        Assert.Equal(new[] { "1", "2", "2", "2" }, view.FindAll("[data-testid=sweep-run-outliers]").Select(c => c.TextContent.Trim()));
        Assert.Equal(new[] { "4", "6", "5", "5" }, view.FindAll("[data-testid=sweep-run-top]").Select(c => c.TextContent.Trim()));
        Assert.Equal($"/runs/{runs[2]}", view.FindAll("[data-testid=sweep-run] a")[2].GetAttribute("href"));

        // k = 2: counts 1 and 2, mean 1.5, sample sd √0.5; k = 3: 2 and 2.
        Assert.Contains("1.5 at k = 2, 2 at k = 3", view.Find("[data-testid=sweep-measured]").TextContent);
        Assert.Contains("number of classes k", view.Find("[data-testid=paper-claim]").TextContent);
        await view.InvokeAsync(() => { });
        Assert.Equal([[2, 1.5], [3, 2]], charts.PointsSent("Outliers at the end of training", "at end"));
        var band = charts.PointsSent("Outliers at the end of training", "at end ± sd");
        Assert.Equal(1.5 - Math.Sqrt(0.5), band[0][1], 1e-12);
        Assert.Equal(1.5 + Math.Sqrt(0.5), band[0][2], 1e-12);
        Assert.Equal([[2, 2], [3, 3]], charts.PointsSent("Outliers at the end of training", "k"));
        Assert.Equal([[2, 5], [3, 5]], charts.PointsSent("Top eigenvalues at the end of training", "λ₁"));
        Assert.Equal([[2, 1.5], [3, 2.5]], charts.PointsSent("Top eigenvalues at the end of training", "λ₂"));
    }

    [Fact]
    public async Task Follows_runs_as_they_finish()
    {
        var (id, runs) = await CreateSweepAsync();
        var view = Render<SweepView>(p => p.Add(v => v.SweepId, id));
        view.WaitForAssertion(() => Assert.Contains("0 of 4", view.Find("[data-testid=sweep-ended]").TextContent), Patience);
        Assert.Equal("4", view.Find("[data-testid=sweep-count][data-status=queued] b").TextContent);
        Assert.Contains(PresetFindings.NothingYet, view.Find("[data-testid=sweep-measured]").TextContent);

        await FinishAsync(runs[1], 2, 3, 7.0, 1.0);

        view.WaitForAssertion(() => Assert.Contains("1 of 4", view.Find("[data-testid=sweep-ended]").TextContent), Patience);
        Assert.Equal("1", view.Find("[data-testid=sweep-count][data-status=completed] b").TextContent);
        Assert.Equal("3", view.FindAll("[data-testid=sweep-run-outliers]")[1].TextContent.Trim());
        Assert.Contains("3 at k = 2", view.Find("[data-testid=sweep-measured]").TextContent);
    }

    [Fact]
    public void An_unknown_sweep_says_so()
    {
        var view = Render<SweepView>(p => p.Add(v => v.SweepId, Guid.NewGuid()));
        view.WaitForAssertion(() => Assert.NotNull(view.Find("[data-testid=sweep-not-found]")), Patience);
    }

    [Fact]
    public async Task A_paper_preset_button_starts_its_sweep_and_opens_its_page()
    {
        var card = Render<PaperPresetsCard>();

        await card.Find($"[data-testid=preset-{SweepPresets.OutliersVsSeparability}]").ClickAsync(new());

        var navigation = Services.GetRequiredService<NavigationManager>();
        card.WaitForAssertion(() => Assert.Contains("/sweeps/", navigation.Uri), Patience);
        var id = Guid.Parse(navigation.Uri[(navigation.Uri.LastIndexOf('/') + 1)..]);
        var sweep = await Sweeps.GetAsync(id);
        Assert.Equal(SweepPresets.OutliersVsSeparability, sweep!.Preset);
        Assert.Equal(10, sweep.Runs.Count); // cluster std 0.5 … 4 (5 values) × 2 initialisations
        Assert.Equal(new[] { 0.5, 1.0, 2.0, 3.0, 4.0 }, sweep.Runs.Where((_, i) => i % 2 == 0).Select(r => r.Axes["data.clusterStd"]!.GetValue<double>()));
        Assert.All(sweep.Runs, r => Assert.Equal(RunStatus.Queued, r.Status));
    }

    [Fact]
    public async Task The_gauss_newton_preset_shows_the_spectra_and_the_residual_norm_over_training_with_its_finding()
    {
        var sweep = new SweepSpec { Preset = SweepPresets.GaussNewton, Axes = [new("model.seed", [0, 1])] };
        var id = await Sweeps.CreateAsync(sweep, SweepGrid.Expand(sweep).Points);
        var runs = (await Sweeps.GetAsync(id))!.Runs.Select(r => r.Id).ToList();
        // ‖R‖ = max |λ(R)|: 2 and 4 at init (mean 3), 0.5 and 0.7 at the end (mean 0.6); ‖H‖ 10 and 10 at init, 20 and 20 at the end.
        foreach (var (run, r0, r1, gOutliers) in new[] { (runs[0], -2.0, 0.5, 3), (runs[1], 4.0, -0.7, 2) })
        {
            Func<RunEvent, RunEvent> Exact(string checkpoint, string op, params double[] values) =>
                SpectrumOf(new SpectrumResult(checkpoint, SpectrumMethods.Exact, values, Operator: op));
            Func<RunEvent, RunEvent> Count(string op, int count) => e => e with
            {
                Kind = RunEventKind.Outliers,
                Outliers = new OutlierResult(Checkpoints.End, op, count, 0.1, 4, 9, "largest gap", SpectrumMethods.Exact, false),
            };
            await AppendAsync(run,
                Status(RunStatus.Running, RunPhase.Analysing, parameterCount: 109),
                Exact(Checkpoints.Init, CurvatureOperators.Hessian, 10, 1, 0.5),
                Exact(Checkpoints.Init, CurvatureOperators.GaussNewton, 9, 1, 0),
                Exact(Checkpoints.Init, CurvatureOperators.Residual, Math.Max(r0, 0.1), 0, Math.Min(r0, -0.1)),
                Exact(Checkpoints.End, CurvatureOperators.Hessian, 20, 5, 0.01),
                Exact(Checkpoints.End, CurvatureOperators.GaussNewton, 19, 5, 0),
                Exact(Checkpoints.End, CurvatureOperators.Residual, Math.Max(r1, 0.01), 0, Math.Min(r1, -0.01)),
                Count(CurvatureOperators.Hessian, 3),
                Count(CurvatureOperators.GaussNewton, gOutliers),
                Status(RunStatus.Completed));
        }

        var view = Render<SweepView>(p => p.Add(v => v.SweepId, id));

        view.WaitForAssertion(() => Assert.Contains("mean over 2 runs", view.Find("[data-testid=sweep-measured]").TextContent), Patience);
        var measured = view.Find("[data-testid=sweep-measured]").TextContent;
        Assert.Contains("was 3 at init (30 % of ‖H‖) and 0.6 at end (3 % of ‖H‖): −80 %", measured);
        Assert.Contains("G had as many outliers as H in 1 of 2 runs (H: 3, 3; G: 3, 2)", measured);
        Assert.Contains("λ₁(G) was within 5 % of λ₁(H) in every run", measured); // 19 against 20 at the end in both
        await view.InvokeAsync(() => { });
        Assert.Equal([[0, 3], [1, 0.6]], charts.PointsSent("‖R‖ over training", "‖R‖").Select(p => p.Select(v => Math.Round(v, 12)).ToArray()));
        Assert.Equal([[1, 20], [2, 5], [3, 0.01]], charts.PointsSent("Eigenvalues of H, G and R at end", "H"));
        Assert.Equal([[1, 10], [2, 1], [3, 0.5]], charts.PointsSent("Eigenvalues of H, G and R at init", "H"));
    }

    [Fact]
    public async Task A_width_sweep_measures_the_share_near_zero_against_the_parameter_count_as_the_bulk_preset_does()
    {
        // No preset: sweeping a hidden width is enough for the width preset's charts.
        var sweep = new SweepSpec
        {
            Base = JsonNode.Parse("""{ "model": { "hiddenWidths": [10] } }""")!.AsObject(),
            Axes = [new("model.hiddenWidths[0]", [10, 20])],
        };
        var id = await Sweeps.CreateAsync(sweep, SweepGrid.Expand(sweep).Points);
        var runs = (await Sweeps.GetAsync(id))!.Runs.Select(r => r.Id).ToList();
        // A uniform density on [−1, 1]: its mass on |λ| < 5 % of λ₁ is 0.5 for λ₁ = 10.2 (|λ| < 0.51) and 0.8 for λ₁ = 16.2.
        var grid = Enumerable.Range(0, 41).Select(i => -1 + i * 0.05).ToArray();
        var uniform = new DensityResult(Checkpoints.End, CurvatureOperators.Hessian, grid, grid.Select(_ => 0.5).ToArray(), [], 0.01, 1, 10, "rademacher", 10);
        foreach (var (run, top) in new[] { (runs[0], 10.2), (runs[1], 16.2) })
            await AppendAsync(run,
                Status(RunStatus.Running, RunPhase.Analysing),
                SpectrumOf(new SpectrumResult(Checkpoints.End, SpectrumMethods.Lanczos, [top, 1.0])),
                Density(uniform),
                Status(RunStatus.Completed));

        var view = Render<SweepView>(p => p.Add(v => v.SweepId, id));

        // M = (2 + 1)·10 + (10 + 1)·4 = 74 and (2 + 1)·20 + (20 + 1)·4 = 144.
        view.WaitForAssertion(() => Assert.Contains("was 50 % at M = 74 and 80 % at M = 144; it rose at 1 of the 1 steps in M",
            view.Find("[data-testid=sweep-measured]").TextContent), Patience);
        Assert.Contains("SLQ densities", view.Find("[data-testid=sweep-measured]").TextContent);
        await view.InvokeAsync(() => { });
        Assert.Equal([[74, 0.5], [144, 0.8]], charts.PointsSent("Share of eigenvalues near zero", "share near zero").Select(p => p.Select(v => Math.Round(v, 12)).ToArray()));
    }

    [Fact]
    public async Task The_sweeps_page_lists_each_sweep_with_its_preset_and_runs_ended()
    {
        var (id, runs) = await CreateSweepAsync();
        await FinishAsync(runs[0], 2, 1, 4.0, 1.0);

        var page = Render<SweepsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=sweeps-row]")), Patience);
        var cells = page.FindAll("[data-testid=sweeps-row] td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("k sweep", cells[0]);
        Assert.Equal("Outliers follow the classes", cells[1]);
        Assert.Equal(("4", "1"), (cells[3], cells[4]));
        Assert.Equal($"/sweeps/{id}", page.Find("[data-testid=sweeps-row] a").GetAttribute("href"));
    }
}
