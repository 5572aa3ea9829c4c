using Bunit;
using HessianWeb.Server.Comparison;
using HessianWeb.Server.Components.Pages.Compare;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Components.Pages.Compare;

/// <summary>The compare page over the real store: run colours, the metrics and diff tables, and the view kept in the address.</summary>
public sealed class ComparePageTests : DashboardTestContext
{
    readonly ChartModule charts;

    public ComparePageTests() => charts = new ChartModule(JSInterop);

    NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public async Task Each_run_keeps_the_colour_of_its_place_in_the_url_on_every_chart_and_table()
    {
        var (slow, fast, plain) = await ThreeRunsAsync();
        Navigation.NavigateTo($"/compare?runs={fast},{slow},{plain}");

        var page = Render<ComparePage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=metrics-row]").Count), Patience);
        // URL order, not creation order: fast is first (blue), slow second (orange), plain third (green).
        var swatches = page.FindAll("[data-testid=metrics-row] [data-testid=run-swatch]");
        Assert.Equal(["#0072B2", "#E69F00", "#009E73"], swatches.Select(s => s.GetAttribute("data-color")));
        Assert.Equal(["A · lr 0.5", "B · lr 0.1", "C · no curvature"], swatches.Select(s => s.TextContent.Trim()));

        await page.InvokeAsync(() => { });
        foreach (var title in new[] { "Train loss", "Test loss", "Train accuracy", "Sorted eigenvalues", "Eigenvalue densities" })
        {
            var series = charts.SeriesSent(title);
            Assert.Equal("#0072B2", series.Single(s => s.Name.StartsWith("A · lr 0.5") && !s.Name.EndsWith("(raw)")).Color);
            Assert.Equal("#E69F00", series.Single(s => s.Name.StartsWith("B · lr 0.1") && !s.Name.EndsWith("(raw)")).Color);
        }
        // The raw curve behind the smoothed one: the same colour, faint.
        Assert.Equal("rgba(0,114,178,0.3)", charts.SeriesSent("Train loss").Single(s => s.Name == "A · lr 0.5 (raw)").Color);

        // W₁ to the first run: U[2, 3] against U[0, 1] is 2; the run without a density has none.
        Assert.Equal(["0", "2", "—"], page.FindAll("[data-testid=metrics-w1]").Select(c => c.TextContent.Trim()));
    }

    [Fact]
    public async Task A_toggle_writes_the_address_and_the_address_restores_the_view()
    {
        var (slow, fast, _) = await ThreeRunsAsync();
        Navigation.NavigateTo($"/compare?runs={slow},{fast}");

        var page = Render<ComparePage>();

        // The runs list's link gets the checkpoint shown pinned, with the other keys written out.
        page.WaitForAssertion(() => Assert.Contains("checkpoint=end", Navigation.Uri), Patience);
        Assert.Contains("logLoss=true", Navigation.Uri);
        await page.Find("[data-testid=toggle-log-loss]").ChangeAsync(new() { Value = false });

        page.WaitForAssertion(() => Assert.Contains("logLoss=false", Navigation.Uri), Patience);
        Assert.StartsWith($"http://localhost/compare?runs={slow},{fast}&", Navigation.Uri);
        await page.InvokeAsync(() => { });
        Assert.False(charts.OptionsSent("Train loss").GetProperty("logY").GetBoolean());

        // Reopening the address: the switch is off and the chart's axis linear.
        var address = Navigation.Uri;
        page.Dispose();
        Navigation.NavigateTo("/");
        Navigation.NavigateTo(address);
        var reopened = Render<ComparePage>();
        reopened.WaitForAssertion(() => Assert.Equal(2, reopened.FindAll("[data-testid=metrics-row]").Count), Patience);
        Assert.False(reopened.Find("[data-testid=toggle-log-loss]").HasAttribute("checked"));
        Assert.True(reopened.Find("[data-testid=toggle-log-density]").HasAttribute("checked"));
        Assert.Equal(address, Navigation.Uri);
    }

    [Fact]
    public async Task The_diff_table_lists_only_the_differences_until_asked_for_all()
    {
        var (slow, fast, _) = await ThreeRunsAsync();
        Navigation.NavigateTo($"/compare?runs={slow},{fast}");

        var page = Render<ComparePage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=config-row]").Count), Patience);
        Assert.Equal(["name", "training.learningRate"], page.FindAll("[data-testid=config-row]").Select(r => r.GetAttribute("data-path")));
        Assert.Equal(["training.learningRate", "0.1", "0.5"],
            page.Find("[data-path='training.learningRate']").QuerySelectorAll("td").Select(td => td.TextContent.Trim()));

        await page.Find("[data-testid=toggle-only-differences]").ChangeAsync(new() { Value = false });

        page.WaitForAssertion(() => Assert.Contains("config=all", Navigation.Uri), Patience);
        page.WaitForAssertion(() => Assert.Equal(ConfigDiff.Flatten(new ExperimentSpec()).Count, page.FindAll("[data-testid=config-row]").Count), Patience);
        Assert.Equal(2, page.FindAll("[data-testid=config-row].hw-differs").Count);
    }

    [Fact]
    public async Task An_unknown_run_and_a_bad_value_are_named_and_the_known_runs_still_show()
    {
        var (slow, _, _) = await ThreeRunsAsync();
        var missing = Guid.Parse("0195f3c2-0000-7000-8000-0000000000ff");
        Navigation.NavigateTo($"/compare?runs={slow},{missing}&smoothing=2");

        var page = Render<ComparePage>();

        page.WaitForAssertion(() => Assert.Contains($"There is no run {missing}", page.Find("[data-testid=compare-unknown]").TextContent), Patience);
        Assert.Contains("smoothing: '2' is not a smoothing weight", page.Find("[data-testid=compare-error]").TextContent);
        Assert.Single(page.FindAll("[data-testid=metrics-row]"));
    }

    [Fact]
    public async Task A_run_still_training_shows_its_new_epochs()
    {
        var (slow, _, _) = await ThreeRunsAsync();
        var live = await CreateRunAsync("live");
        await AppendAsync(live.Id, Status(RunStatus.Running, RunPhase.Training, parameterCount: 109), Epoch(1, 1.0, 0.5));
        Navigation.NavigateTo($"/compare?runs={slow},{live.Id}");

        var page = Render<ComparePage>();
        page.WaitForAssertion(() => Assert.Equal("1", page.FindAll("[data-testid=metrics-row]")[1].QuerySelectorAll("td")[1].TextContent.Trim()), Patience);

        await AppendAsync(live.Id, Epoch(2, 0.5, 0.8));

        page.WaitForAssertion(() => Assert.Equal("2", page.FindAll("[data-testid=metrics-row]")[1].QuerySelectorAll("td")[1].TextContent.Trim()), Patience);
        await page.InvokeAsync(() => { });
        Assert.Equal([[1, 1.0], [2, 0.5]], charts.PointsSent("Train loss", "B · live (raw)"));
    }

    /// <summary>Two trained runs that differ in the learning rate, with uniform densities on [0, 1] and [2, 3]; a third with epochs only.</summary>
    async Task<(Guid Slow, Guid Fast, Guid Plain)> ThreeRunsAsync()
    {
        var slow = await Store.CreateAsync(new ExperimentSpec { Name = "lr 0.1" });
        var fast = await Store.CreateAsync(new ExperimentSpec { Name = "lr 0.5", Training = new() { LearningRate = 0.5 } });
        var plain = await Store.CreateAsync(new ExperimentSpec { Name = "no curvature" });
        foreach (var (run, offset) in new[] { (slow, 0.0), (fast, 2.0) })
            await AppendAsync(run.Id,
                Status(RunStatus.Running, RunPhase.Training, parameterCount: 109),
                Epoch(1, 1.0 + offset, 0.5), Epoch(2, 0.5 + offset, 0.7), Epoch(3, 0.25 + offset, 0.9),
                Spectrum(Checkpoints.End, SpectrumMethods.Exact, 3 + offset, 2, 1, -0.1),
                Density(Uniform(offset)),
                Outliers(Checkpoints.End, 3, 1.5),
                Status(RunStatus.Completed));
        await AppendAsync(plain.Id, Status(RunStatus.Running, RunPhase.Training, parameterCount: 109), Epoch(1, 2.0, 0.3), Status(RunStatus.Completed));
        return (slow.Id, fast.Id, plain.Id);
    }

    static DensityResult Uniform(double from)
    {
        var grid = Enumerable.Range(0, 11).Select(i => from + i / 10.0).ToArray();
        return new DensityResult(Checkpoints.End, CurvatureOperators.Hessian, grid, grid.Select(_ => 1.0).ToArray(), [], 0.1, 1, 10, "rademacher", 10);
    }
}
