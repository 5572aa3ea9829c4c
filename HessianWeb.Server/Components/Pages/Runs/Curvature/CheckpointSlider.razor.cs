using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.Curvature;

public sealed partial class CheckpointSlider
{
    /// <summary>More labels than this crowd the track; the chip names the one shown.</summary>
    const int MaxTickLabels = 12;

    /// <summary>The analysed checkpoints in training order.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<string> Checkpoints { get; set; } = [];

    [Parameter] public string? Selected { get; set; }

    /// <summary>The page moves to each new checkpoint as it is analysed until someone picks one.</summary>
    [Parameter] public bool Following { get; set; }

    /// <summary>A checkpoint picked, or null for "follow the newest".</summary>
    [Parameter] public EventCallback<string?> SelectedChanged { get; set; }

    int Index => Selected is null ? 0 : Math.Max(0, IndexOf(Selected));

    int IndexOf(string checkpoint)
    {
        for (var i = 0; i < Checkpoints.Count; i++)
            if (Checkpoints[i] == checkpoint) return i;
        return -1;
    }

    string[]? TickLabels => Checkpoints.Count <= MaxTickLabels ? Checkpoints.ToArray() : null;

    string Position => Checkpoints.Count switch
    {
        0 => "No checkpoint has been analysed yet; the panels below fill in as each analysis finishes.",
        1 => "The only checkpoint analysed so far.",
        _ => $"{Index + 1} of {Checkpoints.Count} checkpoints" + (Following ? ", following the newest as it is analysed." : "."),
    };

    // Picking the newest is following it: the next analysed checkpoint is shown when it comes.
    Task SelectAsync(int index) =>
        SelectedChanged.InvokeAsync(index >= Checkpoints.Count - 1 ? null : Checkpoints[Math.Clamp(index, 0, Checkpoints.Count - 1)]);

    Task FollowNewestAsync() => SelectedChanged.InvokeAsync(null);
}
