using Bunit;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Server.Components.Pages.Runs.Curvature;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

/// <summary>The run page's curvature panels, each fed synthetic events as the worker would send them.</summary>
public sealed class CurvaturePanelsTests : DashboardTestContext
{
    static readonly ExperimentSpec Spec = new();
    readonly ChartModule charts;
    long sequence;

    public CurvaturePanelsTests() => charts = new ChartModule(JSInterop);

    [Fact]
    public async Task The_density_chart_gets_at_most_2000_points_a_series_keeps_a_spike_and_toggles_log()
    {
        var density = SyntheticDensity(Checkpoints.End, 20_001, spikeAt: 7_000, spike: 50);
        var progress = Progress(Density(density), Outliers(Checkpoints.End, 3, 0.5));

        var chart = Render<DensityChart>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.End));
        await chart.InvokeAsync(() => { });

        var series = charts.SeriesSent("Spectral density");
        Assert.Equal(["H: probes, lowest to highest", "H: density, mean of 3 probes"], series.Select(s => s.Name));
        Assert.All(series, s => Assert.InRange(s.Points.Count, 1_000, Downsampling.MaxPoints));
        Assert.True(series[0].Band);
        Assert.All(series, s => Assert.All(s.Points.Zip(s.Points.Skip(1)), pair => Assert.True(pair.Second[0] >= pair.First[0])));
        // The one-point spike survives in the mean and the band's top (1.2 × 50).
        Assert.Contains(series[1].Points, p => p[0] == density.Grid[7_000] && p[1] == 50);
        Assert.Contains(series[0].Points, p => Math.Abs(p[2] - 60) < 1e-9);
        var options = charts.OptionsSent("Spectral density");
        Assert.Equal("rangeArea", options.GetProperty("type").GetString());
        // Log first: the outliers' small mass shows.
        Assert.True(options.GetProperty("logY").GetBoolean());
        Assert.Equal("eigenvalue λ", options.GetProperty("xTitle").GetString());
        Assert.Equal("density (per unit λ, log scale)", options.GetProperty("yTitle").GetString());
        var edge = Assert.Single(options.GetProperty("xLines").EnumerateArray());
        Assert.Equal(0.5, edge.GetProperty("x").GetDouble());
        Assert.Equal("bulk edge (H)", edge.GetProperty("label").GetString());
        Assert.Contains("3 rademacher probes × 80 Lanczos steps", chart.Find("[data-testid=density-summary]").TextContent);

        var dataCalls = charts.Calls("replace", "Spectral density") + charts.Calls("append", "Spectral density");
        await chart.Find("[data-testid=toggle-log-density]").ChangeAsync(new() { Value = false });
        await chart.InvokeAsync(() => { });

        options = charts.OptionsSent("Spectral density");
        Assert.False(options.GetProperty("logY").GetBoolean());
        Assert.Equal("density (per unit λ)", options.GetProperty("yTitle").GetString());
        // The data stays; only the axis changes.
        Assert.Equal(dataCalls, charts.Calls("replace", "Spectral density") + charts.Calls("append", "Spectral density"));
    }

    [Fact]
    public void The_log_view_of_a_density_has_a_floor_below_its_peak()
    {
        var density = SyntheticDensity(Checkpoints.Init, 1_001);

        var peak = density.Density.Max();

        var mean = DensityChart.ToSeries(density, 10 * peak).Last();

        Assert.Equal(peak, mean.Points.Max(p => p[1]));
        Assert.Equal(10 * peak * DensityFloor.Fraction, mean.Points.Min(p => p[1]), 1e-20);
        Assert.Equal(1_001, mean.Points.Count);
    }

    [Fact]
    public void The_outlier_panel_shows_the_count_beside_k_and_k_minus_1_and_how_the_edge_was_found()
    {
        var progress = Progress(
            Outliers(Checkpoints.End, 3, 0.05),
            Outliers(Checkpoints.End, 4, 0.2, lowerBound: true, @operator: CurvatureOperators.GaussNewton),
            Outliers(Checkpoints.Init, 5, 0.01));

        var panel = Render<OutlierPanel>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.End));

        var rows = panel.FindAll("[data-testid=outlier-row]");
        Assert.Equal(2, rows.Count);
        var h = rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        // Events stored before the evidence existed show their gap ratio, marked as such, and no evidence sentence.
        Assert.Equal(["H", "3", "4", "3", "= k − 1", "0.05", "8.5 (ratio)", "exact"], h);
        var g = rows[1].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray();
        Assert.Equal(["G", "≥ 4", "4", "3", "≥ k", "0.2", "8.5 (ratio)", "Lanczos"], g);
        Assert.Empty(panel.FindAll("[data-testid=outlier-evidence]"));
        Assert.Contains("largest gap in log λ among the 12 eigenvalues", panel.Find("[data-testid=outlier-method]").TextContent);
        var note = panel.Find("[data-testid=outlier-lower-bound]").TextContent;
        Assert.Contains("G: a lower bound", note);
        Assert.Contains("top 10 eigenvalues", note);
    }

    [Fact]
    public void The_outlier_panel_says_no_clear_gap_with_its_evidence_and_leaves_it_off_the_chart()
    {
        OutlierResult Evidenced(string checkpoint, int count, bool noClearGap, double statistic) => new(
            checkpoint, CurvatureOperators.Hessian, count, 0.05, 4, 2, "Onatski (2010) edge distribution", SpectrumMethods.Exact, false,
            noClearGap, statistic, 2, 2.75, RunnerUpCount: 1, RunnerUpStatistic: 40, MaxCount: 10,
            DensityCount: noClearGap ? null : 3.1, DensityCountError: noClearGap ? null : 0.2, DensityEdge: noClearGap ? null : 0.3);
        var progress = Progress(
            e => e with { Kind = RunEventKind.Outliers, Outliers = Evidenced(Checkpoints.Init, 9, true, 2.1) },
            e => e with { Kind = RunEventKind.Outliers, Outliers = Evidenced(Checkpoints.End, 3, false, 6) });

        var init = Render<OutlierPanel>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.Init));
        var end = Render<OutlierPanel>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.End));

        Assert.Equal("no clear gap", init.Find("[data-testid=outlier-count]").TextContent.Trim());
        Assert.Equal("—", init.Find("[data-testid=outlier-verdict]").TextContent.Trim());
        var unclear = init.Find("[data-testid=outlier-evidence]").TextContent;
        Assert.Contains("2.1 edge spacings wide", unclear);
        Assert.Contains("strongest other gap is below eigenvalue 1, 40 spacings", unclear);
        Assert.Contains("No clear gap: no count is reported.", unclear);
        // A count at the 10 % cap says so: the bulk may begin further down.
        var capped = OutlierPanel.Evidence(Evidenced(Checkpoints.End, 10, true, 3.2));
        Assert.Contains("No clear gap: the count reached the most we count (10), so the bulk may begin further down", capped);
        Assert.Equal("3", end.Find("[data-testid=outlier-count]").TextContent.Trim());
        var clear = end.Find("[data-testid=outlier-evidence]").TextContent;
        Assert.Contains("6 edge spacings wide", clear);
        Assert.Contains("3.1 ± 0.2 eigenvalues above 0.3", clear);
        Assert.DoesNotContain("No clear gap", clear);
        var h = Assert.Single(OutlierPanel.ToSeries(progress.Outliers, [Checkpoints.Init, Checkpoints.End]), s => s.Name == "H count");
        Assert.Equal([[1.0, 3.0]], h.Points);
    }

    [Fact]
    public async Task The_trace_panel_shows_each_estimate_plus_or_minus_its_standard_error_and_the_exact_trace()
    {
        var progress = Progress(
            Trace(Checkpoints.Init, TraceMethods.Hutchinson, 3.5, 0.25),
            Trace(Checkpoints.End, TraceMethods.Exact, 12.2, 0),
            Trace(Checkpoints.End, TraceMethods.HutchPlusPlus, 12.1, 0.05),
            Trace(Checkpoints.End, TraceMethods.Hutchinson, 12.3456, 0.4123));

        var panel = Render<TracePanel>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.End));
        await panel.InvokeAsync(() => { });

        var rows = panel.FindAll("[data-testid=trace-row]").Select(r => r.QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["H", "Hutchinson", "12.35 ± 0.41", "3.3 %", "30"], rows[0]);
        Assert.Equal(["H", "Hutch++", "12.1 ± 0.05", "0.41 %", "30"], rows[1]);
        Assert.Equal(["H", "exact", "12.2", "—", "30"], rows[2]);

        // Over training: x is the checkpoint's place (init 0, end 1), the band one standard error each side.
        Assert.Equal([[0, 3.25, 3.75], [1, 12.3456 - 0.4123, 12.3456 + 0.4123]], charts.PointsSent("Trace of H over training", "Hutchinson ± SE"));
        Assert.Equal([[1, 12.2]], charts.PointsSent("Trace of H over training", "exact"));
        var options = charts.OptionsSent("Trace of H over training");
        Assert.Equal([Checkpoints.Init, Checkpoints.End], options.GetProperty("xLabels").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task The_spectrum_overlays_H_G_and_R_with_the_bottom_k_at_the_end_of_the_index_range()
    {
        var h = new SpectrumResult(Checkpoints.End, SpectrumMethods.Lanczos, [9, 4], [1e-9, 2e-8], [true, true], 40, 40,
            BottomEigenvalues: [-0.5, -0.1], BottomResidualBounds: [3e-7, 1e-3], BottomConverged: [true, false]);
        var g = new SpectrumResult(Checkpoints.End, SpectrumMethods.Exact, Enumerable.Range(0, 6_000).Select(i => 10.0 / (1 + i)).ToArray(),
            Operator: CurvatureOperators.GaussNewton);
        var r = new SpectrumResult(Checkpoints.End, SpectrumMethods.Lanczos, [0.3], Operator: CurvatureOperators.Residual, BottomEigenvalues: [-0.4]);
        var progress = Progress(SpectrumOf(r), SpectrumOf(g), SpectrumOf(h), SpectrumOf(h with { Checkpoint = Checkpoints.Init }));

        var chart = Render<SpectrumChart>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, Spec with { Analysis = new() { Decomposition = true } })
            .Add(c => c.Checkpoint, Checkpoints.End).Add(c => c.ParameterCount, 6_000L));
        await chart.InvokeAsync(() => { });

        var series = charts.SeriesSent("Eigenvalues, largest first");
        Assert.Equal(["H Lanczos top-2", "H Lanczos bottom-2", "G exact", "R Lanczos top-1", "R Lanczos bottom-1"],
            series.Select(s => s.Name));
        Assert.Equal([[6_000, -0.5], [5_999, -0.1]], series[1].Points);
        Assert.True(series[1].SquareMarkers);
        Assert.InRange(series[2].Points.Count, 1_000, Downsampling.MaxPoints);
        Assert.Equal([1, 10], series[2].Points[0]);
        Assert.Equal(OperatorColors.For(CurvatureOperators.GaussNewton), series[2].Color);
        var summary = chart.Find("[data-testid=spectrum-summary]").TextContent;
        Assert.Contains("most negative -0.5 (1 of 2 bottom converged)", summary);
        Assert.Empty(chart.FindAll("[data-testid=decomposition-off]"));
    }

    [Fact]
    public async Task The_staircase_shows_the_Hessian_and_switches_to_G_with_its_residual_bounds_and_final_pairs()
    {
        var progress = Progress(
            LanczosOf(CurvatureOperators.Hessian, Checkpoints.End, [4.0], [0.5]),
            LanczosOf(CurvatureOperators.Hessian, Checkpoints.End, [4.5, 1.0], [1e-3, 0.2]),
            LanczosOf(CurvatureOperators.GaussNewton, Checkpoints.End, [3.0], [0.1]),
            SpectrumOf(new(Checkpoints.End, SpectrumMethods.Lanczos, [3.0], [2e-9], [true], 1, 1, Operator: CurvatureOperators.GaussNewton)));

        var chart = Render<LanczosChart>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.End));
        await chart.InvokeAsync(() => { });

        Assert.Equal([[1, 4.0], [2, 4.5], [2, 1.0]], charts.PointsSent("Ritz values", Checkpoints.End));
        Assert.Equal([[1, 0.5], [2, 0.2]], charts.PointsSent("Residual bounds", "top-10"));
        Assert.Contains("No Lanczos result for H at end", chart.Find("[data-testid=ritz-pairs-empty]").TextContent);

        await chart.FindAll("[data-testid=lanczos-operator] .mud-toggle-item").Single(b => b.TextContent.Trim() == "G").ClickAsync(new());
        await chart.InvokeAsync(() => { });

        Assert.Equal([[1, 3.0]], charts.PointsSent("Ritz values", Checkpoints.End));
        Assert.Equal([[1, 0.1]], charts.PointsSent("Residual bounds", "top-10"));
        Assert.Contains("of G", charts.OptionsSent("Ritz values").GetProperty("yTitle").GetString());
        var pair = chart.Find("[data-testid=ritz-pairs] tbody tr").QuerySelectorAll("td").Select(td => td.TextContent.Trim());
        Assert.Equal(["λ₁", "3", "2.0e-09", "yes"], pair);
    }

    [Fact]
    public async Task A_float32_models_residual_bounds_show_the_products_rounding_level()
    {
        var progress = Progress(LanczosOf(CurvatureOperators.Hessian, Checkpoints.End, [4.5, -1.0], [1e-3, 0.2]));
        var single = Spec with { Model = Spec.Model with { Dtype = ModelDtype.Float32 } };

        var chart = Render<ResidualChart>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, single).Add(c => c.Checkpoint, Checkpoints.End));
        await chart.InvokeAsync(() => { });

        Assert.Equal([[2, 4.5 * MachineEpsilon.Float32]], charts.PointsSent("Residual bounds", "float32 rounding"));
        Assert.Contains("each product errs by about 1.2e-07 × max |θ|", chart.Find("[data-testid=float32-rounding-note]").TextContent);

        var double64 = Render<ResidualChart>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.End));
        Assert.Empty(double64.FindAll("[data-testid=float32-rounding-note]"));
        Assert.Equal(["top-10", "bottom-5", "converged below"], ResidualChart.ToSeries(progress.Lanczos[0].Iterations, Spec).Select(s => s.Name));
    }

    RunProgress Progress(params Func<RunEvent, RunEvent>[] payloads)
    {
        var progress = new RunProgress();
        foreach (var payload in payloads)
            progress.Apply(payload(new RunEvent { RunId = Guid.Empty, Sequence = ++sequence, Kind = RunEventKind.Status }));
        return progress;
    }
}
