using System.Text.Json.Nodes;
using Bunit;
using HessianWeb.Server.Components.Pages.Sweeps;
using HessianWeb.Server.Components.Pages.Sweeps.Presets;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Sweeps;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Components;

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
        var id = await Store.CreateSweepAsync(sweep, grid.Points);
        return (id, (await Store.GetSweepAsync(id))!.Runs.Select(r => r.Id).ToList());
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
        Assert.Equal([[2, 1.5], [3, 2]], charts.PointsSent("Outliers at the end of training", "outliers"));
        var band = charts.PointsSent("Outliers at the end of training", "outliers ± sd");
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
        var sweep = await Store.GetSweepAsync(id);
        Assert.Equal(SweepPresets.OutliersVsSeparability, sweep!.Preset);
        Assert.Equal(10, sweep.Runs.Count); // cluster std 0.5 … 4 (5 values) × 2 initialisations
        Assert.Equal(new[] { 0.5, 1.0, 2.0, 3.0, 4.0 }, sweep.Runs.Where((_, i) => i % 2 == 0).Select(r => r.Axes["data.clusterStd"]!.GetValue<double>()));
        Assert.All(sweep.Runs, r => Assert.Equal(RunStatus.Queued, r.Status));
    }
}
