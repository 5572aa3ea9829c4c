using HessianWeb.Server.Runs;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// The experiment form. Every keystroke rebuilds the spec and runs the API's validator on it, so the
/// messages, the parameter count M and the Start button are always those of what is typed.
/// </summary>
public sealed partial class NewRun
{
    [Inject] RunStore Store { get; set; } = default!;
    [Inject] RunScheduler Scheduler { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] ILogger<NewRun> Logger { get; set; } = default!;

    readonly SpecForm form = SpecForm.From(new ExperimentSpec());
    SpecDraft draft = default!;
    bool submitting;
    string? submitError;

    protected override void OnInitialized() => draft = form.Build();

    void Changed()
    {
        draft = form.Build();
        submitError = null;
    }

    async Task SubmitAsync()
    {
        // The button is disabled while invalid; this guards a submit that raced a keystroke.
        draft = form.Build();
        if (!draft.IsValid || submitting) return;
        submitting = true;
        RunSummary run;
        try
        {
            run = await Store.CreateAsync(draft.Spec);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Could not store a new run");
            submitError = $"The run could not be stored: {ex.Message}";
            submitting = false;
            return;
        }
        try
        {
            await Scheduler.PumpAsync();
        }
        catch (Exception ex)
        {
            // The run is stored and queued; the scheduler hands it out when a worker next registers.
            Logger.LogWarning(ex, "Could not hand run {RunId} to a worker yet", run.Id);
        }
        Navigation.NavigateTo($"/runs/{run.Id}");
    }
}
