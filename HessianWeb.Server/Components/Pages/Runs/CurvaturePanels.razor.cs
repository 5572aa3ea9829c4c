using HessianWeb.Server.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// The run page's curvature panels (density, spectrum, histogram, outliers, trace, class structure, Lanczos). They read the run's
/// curvature results only, so a render the parent makes for new epochs alone is skipped here: with twenty live pages
/// at ten renders a second, that is most of the server's rendering.
/// </summary>
public sealed partial class CurvaturePanels
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    /// <summary><see cref="RunProgress.CurvatureVersion"/> when the parent rendered.</summary>
    [Parameter] public int Version { get; set; }
    [Parameter, EditorRequired] public ExperimentSpec Spec { get; set; } = default!;
    [Parameter] public string? Checkpoint { get; set; }
    [Parameter] public long? ParameterCount { get; set; }
    [Parameter] public bool Following { get; set; }

    (int, string?, long?, bool, ExperimentSpec?) rendered;

    /// <summary>How many times the panels have rendered (the first render, then each one <see cref="ShouldRender"/> let through).</summary>
    public int Renders { get; private set; }

    (int, string?, long?, bool, ExperimentSpec?) Current => (Version, Checkpoint, ParameterCount, Following, Spec);

    // The first render always happens (ShouldRender is not asked): it draws what the parameters are now.
    protected override void OnInitialized()
    {
        rendered = Current;
        Renders = 1;
    }

    protected override bool ShouldRender()
    {
        var now = Current;
        if (now == rendered) return false;
        rendered = now;
        Renders++;
        return true;
    }
}
