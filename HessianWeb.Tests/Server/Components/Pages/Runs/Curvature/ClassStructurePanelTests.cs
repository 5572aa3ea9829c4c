using Bunit;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Server.Components.Pages.Runs.Curvature;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Components.Pages.Runs.Curvature;

/// <summary>The run page's predicted-vs-measured outliers panel, fed events as the worker sends them.</summary>
public sealed class ClassStructurePanelTests : DashboardTestContext
{
    static readonly ExperimentSpec Spec = new() { Analysis = new AnalysisSpec { Decomposition = true } };
    readonly ChartModule charts;
    long sequence;

    public ClassStructurePanelTests() => charts = new ChartModule(JSInterop);

    static ClassStructureResult Structure(string checkpoint, string scope = ClassStructureScopes.ClassAndCross, string? note = null) => new(
        checkpoint, 4, scope, [2.5, 1.5, 0.75, 0.125], scope == ClassStructureScopes.ClassAndCross ? [0.5, 0.25] : null,
        scope == ClassStructureScopes.ClassAndCross ? [2.75, 1.5, 0.75, 0.25] : null,
        4.875, scope == ClassStructureScopes.ClassAndCross ? 0.75 : null, 9.75, scope == ClassStructureScopes.ClassAndCross ? 4.125 : null,
        [25, 25, 25, 25], 13_952, 512L << 20, note, "crossEntropy", 16, 0.04);

    [Fact]
    public async Task It_shows_the_class_term_beside_h_and_g_in_a_table_and_a_chart_with_a_log_toggle()
    {
        var progress = Progress(
            e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Exact, [3.0, 2.0, 1.0, 0.5, 0.01, 0.001]) },
            e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Lanczos, [2.9, 1.9], Operator: CurvatureOperators.GaussNewton) },
            e => e with { Kind = RunEventKind.ClassStructure, ClassStructure = Structure(Checkpoints.End) },
            e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });

        var panel = Render<ClassStructurePanel>(p => p.Add(c => c.Progress, progress).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.End));
        await panel.InvokeAsync(() => { });

        // C + 2 rows: the four predicted values, then H's next two where the gap should show.
        var rows = panel.FindAll("[data-testid=class-structure-row]");
        Assert.Equal(6, rows.Count);
        Assert.Equal(["2.5", "1.5", "0.75", "0.125", "—", "—"], panel.FindAll("[data-testid=class-eigenvalue]").Select(c => c.TextContent));
        Assert.Contains("3", rows[0].TextContent);
        var traces = panel.Find("[data-testid=class-structure-traces]").TextContent;
        Assert.Contains("tr(G_class) = 4.875 (50 % of tr G)", traces);
        Assert.Contains("tr(G_within) = 4.125 (42.3 % of tr G)", traces);

        const string title = "Top eigenvalues: predicted by the class means"; // how the chart module knows it
        var series = charts.SeriesSent(title);
        Assert.Equal(["H measured (exact)", "G measured (lanczos)", "G_class predicted", "G_class + G_cross"], series.Select(s => s.Name));
        Assert.Equal([[1, 2.5], [2, 1.5], [3, 0.75], [4, 0.125]], series[2].Points);
        Assert.True(series[2].PointsOnly);
        Assert.Equal(6, series[0].Points.Count);
        Assert.False(charts.OptionsSent(title).GetProperty("logY").GetBoolean());
        Assert.Equal("index i (largest first)", charts.OptionsSent(title).GetProperty("xTitle").GetString());

        await panel.Find("[data-testid=toggle-log-class-structure]").ChangeAsync(new() { Value = true });
        await panel.InvokeAsync(() => { });
        Assert.True(charts.OptionsSent(title).GetProperty("logY").GetBoolean());
        Assert.Equal("λᵢ, log scale", charts.OptionsSent(title).GetProperty("yTitle").GetString());
    }

    [Fact]
    public void Without_a_result_it_says_when_one_comes_and_over_the_budget_it_says_why()
    {
        var running = Progress(e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training) });
        var waiting = Render<ClassStructurePanel>(p => p.Add(c => c.Progress, running).Add(c => c.Spec, Spec));
        Assert.Equal("The class structure appears when a checkpoint's analysis finishes, after the spectra.", waiting.Find("[data-testid=class-structure-empty]").TextContent);

        var old = Progress(
            e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Exact, [3.0, 2.0]) },
            e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });
        var stored = Render<ClassStructurePanel>(p => p.Add(c => c.Progress, old).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.End));
        Assert.StartsWith("This run has no class structure", stored.Find("[data-testid=class-structure-empty]").TextContent);

        var classOnly = Progress(e => e with
        {
            Kind = RunEventKind.ClassStructure,
            ClassStructure = Structure(Checkpoints.End, ClassStructureScopes.ClassOnly, "Class term only: the C² cross-class means need 1.2 GB, over the budget of 0.537 GB."),
        });
        var budget = Render<ClassStructurePanel>(p => p.Add(c => c.Progress, classOnly).Add(c => c.Spec, Spec).Add(c => c.Checkpoint, Checkpoints.End));
        Assert.StartsWith("Class term only", budget.Find("[data-testid=class-structure-note]").TextContent);
        Assert.Equal(4, budget.FindAll("[data-testid=class-eigenvalue]").Count(c => c.TextContent != "—"));
    }

    RunProgress Progress(params Func<RunEvent, RunEvent>[] payloads)
    {
        var progress = new RunProgress();
        foreach (var payload in payloads)
            progress.Apply(payload(new RunEvent { RunId = Guid.Empty, Sequence = ++sequence, Kind = RunEventKind.Status }));
        return progress;
    }
}
