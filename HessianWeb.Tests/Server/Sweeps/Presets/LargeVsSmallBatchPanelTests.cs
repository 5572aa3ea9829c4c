using HessianWeb.Tests.Hosting;
using System.Text.Json.Nodes;
using Bunit;
using HessianWeb.Server.Components.Charts;
using HessianWeb.Server.Sweeps.Pages;
using HessianWeb.Shared.Runs;
using HessianWeb.Server.Sweeps;

namespace HessianWeb.Tests.Server.Sweeps.Presets;

/// <summary>The sweep page of preset 4 over the real store: its findings, table and charts from fabricated runs' stored events.</summary>
public sealed class LargeVsSmallBatchPanelTests : DashboardTestContext
{
    readonly ChartModule charts;

    public LargeVsSmallBatchPanelTests() => charts = new ChartModule(JSInterop);

    const string PhasedBase = """
        { "training": { "phases": [ { "name": "lb", "batchSize": 50, "epochs": 2 }, { "name": "sb", "batchSize": 10, "epochs": 4 } ] },
          "analysis": { "interpolations": [ { "from": "lb:end", "to": "end", "points": 5 } ] } }
        """;

    async Task<(Guid Id, IReadOnlyList<Guid> Runs)> CreateSweepAsync(string baseSpec = PhasedBase)
    {
        var sweep = new SweepSpec
        {
            Name = "LB vs SB",
            Preset = SweepPresets.LargeVsSmallBatch,
            Base = JsonNode.Parse(baseSpec)!.AsObject(),
            Axes = [new("model.seed", [0, 1])],
        };
        var grid = SweepGrid.Expand(sweep);
        Assert.True(grid.IsValid, string.Join("; ", grid.Errors.SelectMany(e => e.Value)));
        var id = await Sweeps.CreateAsync(sweep, grid.Points);
        return (id, (await Sweeps.GetAsync(id))!.Runs.Select(r => r.Id).ToList());
    }

    static Func<RunEvent, RunEvent> PhaseEpoch(int epoch, string phase, double loss) =>
        e => e with { Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(epoch, loss, 0.9, loss + 0.1, 0.8, 0.01, phase) };

    /// <summary>α = −0.5, 0, 0.5, 1, 1.5; test loss = train + 0.1, test accuracy = train − 0.05.</summary>
    static IEnumerable<Func<RunEvent, RunEvent>> LinePoints(double[] train, double[] accuracy, double[] top) =>
        train.Select((loss, i) => (Func<RunEvent, RunEvent>)(e => e with
        {
            Kind = RunEventKind.Interpolation,
            Interpolation = new InterpolationPoint("lb:end→end", i, 5, -0.5 + 0.5 * i, loss, accuracy[i], loss + 0.1, accuracy[i] - 0.05, top[i]),
        }));

    /// <summary>LB epochs 0 … 2, SB from epoch 2 (its epoch 0) to 6, λ₁ at init, lb:end and end, the line, completed.</summary>
    Task FinishAsync(Guid runId, double[] lb, double[] sb, double initTop, double lbTop, double sbTop, double[] line, double[] accuracy, double[] lineTop) =>
        AppendAsync(runId,
        [
            Status(RunStatus.Running, RunPhase.Training, parameterCount: 109),
            Spectrum(Checkpoints.Init, SpectrumMethods.Exact, initTop, 0.1),
            .. lb.Select((loss, i) => PhaseEpoch(i, "lb", loss)),
            Spectrum("lb:end", SpectrumMethods.Lanczos, lbTop + 0.5, 0.2), // the exact spectrum, after, is the one taken
            Spectrum("lb:end", SpectrumMethods.Exact, lbTop, 0.2),
            .. sb.Select((loss, i) => PhaseEpoch(lb.Length - 1 + i, "sb", loss)),
            Spectrum(Checkpoints.End, SpectrumMethods.Exact, sbTop, 0.1),
            .. LinePoints(line, accuracy, lineTop),
            Status(RunStatus.Completed),
        ]);

    [Fact]
    public async Task The_panel_measures_each_claim_from_the_runs_and_draws_the_climb_the_line_and_both_ends()
    {
        var (id, runs) = await CreateSweepAsync();
        await FinishAsync(runs[0], [1.0, 0.5, 0.2], [0.2, 0.3, 0.5, 0.25, 0.15], 0.3, 3, 1,
            [0.9, 0.2, 0.19, 0.15, 0.5], [0.5, 0.9, 0.9, 0.92, 0.6], [6, 3, 2, 1, 0.8]);
        await FinishAsync(runs[1], [1.0, 0.7, 0.4], [0.4, 0.6, 0.5, 0.45, 0.3], 0.5, 2, 2.5,
            [0.9, 0.4, 0.42, 0.3, 0.7], [0.5, 0.85, 0.8, 0.88, 0.6], [5, 2, 2.2, 2.5, 3]);

        var view = Render<SweepView>(p => p.Add(v => v.SweepId, id));

        view.WaitForAssertion(() => Assert.Equal(2, view.FindAll("[data-testid=sweep-lbsb-row]").Count), Patience);
        Assert.Contains("one connected, flat basin", view.Find("[data-testid=paper-claim]").TextContent);
        var measured = view.Find("[data-testid=sweep-measured]").TextContent;
        Assert.Contains("λ₁ LB = 2.5 > λ₁ SB = 1.75 (means over 2 seeds); LB's was the larger in 1 of 2.", measured);
        Assert.Contains("rose in 2 of 2 seeds to 2× its start (from 0.3 to 0.55, means) by epoch 1 … 2 after the switch, then fell to 0.75× its start", measured);
        Assert.Contains("was 0.02 above the higher end (5 % of it); in test loss 0.02 (4 %)", measured);
        Assert.Equal(new[] { "3", "2" }, view.FindAll("[data-testid=sweep-lbsb-lb-top]").Select(c => c.TextContent.Trim()));
        Assert.Equal(new[] { "1", "2.5" }, view.FindAll("[data-testid=sweep-lbsb-sb-top]").Select(c => c.TextContent.Trim()));
        Assert.Contains("seed = 0", view.FindAll("[data-testid=sweep-lbsb-row]")[0].TextContent);

        await view.InvokeAsync(() => { });
        // Both phases, mean over the seeds per epoch; the switch marked at epoch 2.
        Assert.Equal([[0, 1.0], [1, 0.6], [2, 0.3], [3, 0.45], [4, 0.5], [5, 0.35], [6, 0.225]],
            Rounded(charts.PointsSent("Training loss through both phases", "training loss")));
        Assert.Equal(2, charts.OptionsSent("Training loss through both phases").GetProperty("xLines")[0].GetProperty("x").GetDouble());
        // Around the switch, per seed, as many LB epochs before it as SB epochs after (here all of LB's).
        Assert.Equal([[-2, 1.0], [-1, 0.5], [0, 0.2], [1, 0.3], [2, 0.5], [3, 0.25], [4, 0.15]],
            charts.PointsSent("The switch to small batches", "seed = 0"));
        // The line, mean over seeds, with α = 0 and 1 marked.
        Assert.Equal([[-0.5, 0.9], [0, 0.3], [0.5, 0.305], [1, 0.225], [1.5, 0.6]], Rounded(charts.PointsSent("Interpolated loss", "train")));
        Assert.Equal([[-0.5, 1.0], [0, 0.4], [0.5, 0.405], [1, 0.325], [1.5, 0.7]], Rounded(charts.PointsSent("Interpolated loss", "test")));
        Assert.Equal(new[] { 0.0, 1.0 }, charts.OptionsSent("Interpolated loss").GetProperty("xLines").EnumerateArray().Select(l => l.GetProperty("x").GetDouble()));
        Assert.Equal([[-0.5, 50], [0, 87.5], [0.5, 85], [1, 90], [1.5, 60]], Rounded(charts.PointsSent("Interpolated accuracy", "train")));
        Assert.Equal([[-0.5, 5.5], [0, 2.5], [0.5, 2.1], [1, 1.75], [1.5, 1.9]], Rounded(charts.PointsSent("Interpolated top eigenvalue", "λ₁")));
        var band = charts.PointsSent("Interpolated loss", "train ± sd");
        Assert.Equal(0.3 - Math.Sqrt(0.02), band[1][1], 1e-12); // at α = 0: 0.2 and 0.4, sample sd √0.02
        // λ₁ at init, the LB solution and the SB end, one line per seed.
        Assert.Equal([[0, 0.3], [1, 3], [2, 1]], charts.PointsSent("λ₁ of H at init", "seed = 0"));
        Assert.Equal([[0, 0.5], [1, 2], [2, 2.5]], charts.PointsSent("λ₁ of H at init", "seed = 1"));
    }

    [Fact]
    public async Task Before_any_run_completes_the_panel_says_so_and_a_run_without_phases_is_named_and_left_out()
    {
        var (id, runs) = await CreateSweepAsync("""{ "training": { "epochs": 3 } }""");
        var view = Render<SweepView>(p => p.Add(v => v.SweepId, id));
        view.WaitForAssertion(() => Assert.Contains("0 of 2", view.Find("[data-testid=sweep-ended]").TextContent), Patience);
        Assert.Contains("no run has finished", view.Find("[data-testid=sweep-measured]").TextContent);

        await AppendAsync(runs[0], Status(RunStatus.Running, RunPhase.Training), Status(RunStatus.Completed));

        view.WaitForAssertion(() => Assert.Contains("1 run has fewer than two training phases", view.Find("[data-testid=sweep-lbsb-unphased]").TextContent), Patience);
        Assert.Empty(view.FindAll("[data-testid=sweep-lbsb-row]"));
    }

    [Fact]
    public async Task A_long_training_curve_reaches_the_chart_thinned_with_both_ends_and_the_climb_kept()
    {
        var (id, runs) = await CreateSweepAsync();
        var lb = Enumerable.Range(0, 3_001).Select(e => 1.0 / (1 + e)).ToArray();
        await FinishAsync(runs[0], lb, [lb[^1], 0.5, lb[^1] / 2], 0.3, 3, 1,
            [0.9, 0.2, 0.19, 0.15, 0.5], [0.5, 0.9, 0.9, 0.92, 0.6], [6, 3, 2, 1, 0.8]);

        var view = Render<SweepView>(p => p.Add(v => v.SweepId, id));
        view.WaitForAssertion(() => Assert.Single(view.FindAll("[data-testid=sweep-lbsb-row]")), Patience);
        await view.InvokeAsync(() => { });

        var points = charts.PointsSent("Training loss through both phases", "training loss");
        Assert.InRange(points.Count, 100, Downsampling.MaxPoints);
        Assert.Equal([0, 1.0], points[0]);
        Assert.Equal([3_001, 0.5], Assert.Single(points, p => p[0] == 3_001)); // the SB phase's peak, one epoch after the switch
        Assert.Equal(3_002, points[^1][0]);
    }

    static List<double[]> Rounded(List<double[]> points) => points.Select(p => p.Select(v => Math.Round(v, 9)).ToArray()).ToList();
}
