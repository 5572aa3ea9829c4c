using Bunit;
using HessianWeb.Server.Comparison;
using HessianWeb.Server.Components.Pages.Compare;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Components;

public sealed class CompareTests : DashboardTestContext
{
    [Fact]
    public void The_first_eight_runs_get_eight_different_Okabe_Ito_colours_then_the_palette_repeats()
    {
        var colours = Enumerable.Range(0, 9).Select(RunColors.For).ToList();

        Assert.Equal(8, colours.Take(8).Distinct().Count());
        Assert.Equal(["#0072B2", "#E69F00", "#009E73"], colours.Take(3));
        Assert.Equal(colours[0], colours[8]);
        Assert.Equal("rgba(0,114,178,0.25)", RunColors.Faint("#0072B2"));
    }

    [Fact]
    public async Task Each_run_has_the_same_colour_on_every_chart()
    {
        var a = await FabricatedRun.CreateAsync(Store, complete: false, withArtifacts: false);
        var b = await FabricatedRun.CreateAsync(Store, complete: false, withArtifacts: false);
        foreach (var run in new[] { a, b })
            await run.AppendAsync(e => e with { Kind = RunEventKind.Lanczos, Lanczos = new LanczosIteration(Checkpoints.End, 1, [2.5], [0.1], 1) });
        var comparison = await RunComparison.LoadAsync(Store, [b.Id, a.Id]);

        var charts = CompareCharts.All(comparison, new CompareView { Runs = [b.Id, a.Id] });

        Assert.Equal([b.Id, a.Id], comparison.Runs.Select(r => r.Summary.Id));
        foreach (var (name, series) in charts)
        {
            var solid = series.Where(s => !s.Name.EndsWith("(raw)")).ToList();
            Assert.True(solid.Count == 2, $"{name}: {solid.Count} series");
            Assert.Equal(["#0072B2", "#E69F00"], solid.Select(s => s.Color));
            Assert.All(series.Where(s => s.Name.EndsWith("(raw)")), s => Assert.StartsWith("rgba(", s.Color));
        }
    }

    [Fact]
    public void The_debiased_EMA_matches_a_hand_computation()
    {
        // w = 0.5: m = 0.5, 1.25, 2.125 over debias 0.5, 0.75, 0.875.
        var smoothed = Smoothing.DebiasedEma([1, 2, 3], 0.5);

        Assert.Equal(1.0, smoothed[0], 12);
        Assert.Equal(1.25 / 0.75, smoothed[1], 12);
        Assert.Equal(2.125 / 0.875, smoothed[2], 12);
        Assert.Equal([4.0, 5.0], Smoothing.DebiasedEma([4, 5], 0));
        // A constant stays constant from the first point: the debiasing removes the pull towards 0.
        Assert.All(Smoothing.DebiasedEma([7, 7, 7, 7], 0.9), v => Assert.Equal(7, v, 12));
        var withNaN = Smoothing.DebiasedEma([1, double.NaN, 1], 0.5);
        Assert.True(double.IsNaN(withNaN[1]));
        Assert.Equal(1, withNaN[2], 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => Smoothing.DebiasedEma([1], 1));
    }

    [Fact]
    public void Wasserstein_1_matches_hand_computed_distances()
    {
        double[] Grid(double from, double to, int n) => Enumerable.Range(0, n).Select(i => from + (to - from) * i / (n - 1)).ToArray();
        double[] Flat(int n, double height) => Enumerable.Repeat(height, n).ToArray();

        // U[0,1] shifted by 2: W₁ = 2.
        Assert.Equal(2.0, Wasserstein.Distance(Grid(0, 1, 11), Flat(11, 1), Grid(2, 3, 21), Flat(21, 1)), 12);
        // U[0,1] against U[0,2]: ∫₀¹ (x − x/2) dx + ∫₁² (1 − x/2) dx = 1/4 + 1/4.
        Assert.Equal(0.5, Wasserstein.Distance(Grid(0, 1, 11), Flat(11, 1), Grid(0, 2, 21), Flat(21, 0.5)), 12);
        // Symmetric, zero for the same density, and the scale of a density does not matter (normalised).
        Assert.Equal(0.5, Wasserstein.Distance(Grid(0, 2, 21), Flat(21, 3), Grid(0, 1, 11), Flat(11, 1)), 12);
        Assert.Equal(0.0, Wasserstein.Distance(Grid(0, 1, 11), Flat(11, 1), Grid(0, 1, 11), Flat(11, 1)), 12);
        Assert.Throws<ArgumentException>(() => Wasserstein.Distance([0, 1], [0, 0], [0, 1], [1, 1]));
    }

    [Fact]
    public void The_config_table_shows_only_differences_until_told_otherwise()
    {
        var specs = new List<ExperimentSpec>
        {
            new() { Name = "a" },
            new() { Name = "b", Training = new() { LearningRate = 0.5 }, Model = new() { HiddenWidths = [20] } },
        };
        var onlyDifferences = true;
        var table = Render<ConfigDiffTable>(p => p
            .Add(c => c.Labels, ["1. a", "2. b"])
            .Add(c => c.Specs, specs)
            .Add(c => c.OnlyDifferences, onlyDifferences)
            .Add(c => c.OnlyDifferencesChanged, v => onlyDifferences = v));

        var rows = table.FindAll("[data-testid=config-row]").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal([["model.hiddenWidths", "[10,5]", "[20]"], ["training.learningRate", "0.1", "0.5"]], rows.OrderBy(r => r[0]));

        table.Find("input[data-testid=only-differences]").Change(false);
        Assert.False(onlyDifferences);
        table.Render(p => p.Add(c => c.OnlyDifferences, onlyDifferences));
        var all = table.FindAll("[data-testid=config-row]");
        Assert.True(all.Count > 20, $"{all.Count} rows");
        Assert.DoesNotContain(all, r => r.TextContent.Contains("name"));
        Assert.Equal(2, table.FindAll("[data-testid=config-row].hw-differs").Count);
    }

    [Fact]
    public async Task The_page_reads_its_view_from_the_address_and_the_first_run_is_at_distance_zero()
    {
        var a = await FabricatedRun.CreateAsync(Store, withArtifacts: false);
        var b = await FabricatedRun.CreateAsync(Store, complete: false, withArtifacts: false);
        await b.AppendAsync(e => e with { Kind = RunEventKind.Density, Density = FabricatedRun.GaussianDensity(Checkpoints.End, 1.5, 0.25) });
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/compare?runs={a.Id},{b.Id}&smooth=0.3&logDensity=true");

        var page = Render<ComparePage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=metrics-row]").Count), Patience);
        Assert.Equal(["#0072B2", "#E69F00"], page.FindAll("[data-testid=compare-run]").Select(c => c.GetAttribute("data-color")));
        Assert.Equal(["1. quickstart", "2. quickstart"], page.FindAll("[data-testid=compare-run]").Select(c => c.TextContent.Trim()));
        Assert.True(page.Find("input[data-testid=toggle-log-density]").HasAttribute("checked"));
        Assert.Contains("Smoothing (debiased EMA): 0.30", page.Markup);
        var w1 = page.FindAll("[data-testid=metrics-w1]").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal("0", w1[0]);
        // The last density of b is N(1.5, 0.25²) against a's N(1, 0.25²): a shift of 0.5.
        Assert.Equal("0.5", w1[1]);
        Assert.Contains($"/api/compare/metrics.csv?runs={a.Id}%2C{b.Id}&smooth=0.3&logDensity=true", page.Find("[data-testid=export-metrics]").GetAttribute("href"));
    }
}
