using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Charts;

/// <summary>One colour per checkpoint in every chart, so "init" and "end" read the same everywhere.</summary>
public static class CheckpointColors
{
    public static string? For(string checkpoint) => checkpoint switch
    {
        Checkpoints.Init => "#1e88e5",
        Checkpoints.End => "#e65100",
        _ => null,
    };

    /// <summary>A lighter shade for the dense companion of a checkpoint's series (the exact spectrum).</summary>
    public static string? LightFor(string checkpoint) => checkpoint switch
    {
        Checkpoints.Init => "#90caf9",
        Checkpoints.End => "#ffb74d",
        _ => null,
    };
}
