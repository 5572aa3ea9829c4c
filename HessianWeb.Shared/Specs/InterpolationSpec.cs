using HessianWeb.Shared.Runs;

namespace HessianWeb.Shared.Specs;

/// <summary>
/// Train and test loss and accuracy along the straight line θ(α) = (1 − α)·θ_from + α·θ_to, at <see cref="Points"/>
/// evenly spaced α from <see cref="AlphaMin"/> to <see cref="AlphaMax"/> (both included); α = 0 is the "from"
/// checkpoint's weights and α = 1 the "to" checkpoint's, exactly (Sagun et al.'s one-basin check, docs/paper.md claim 5).
/// </summary>
public sealed record InterpolationSpec
{
    /// <summary>
    /// A checkpoint the run saves weights at: "init", "end", or a phase's "&lt;phase&gt;:end"; for an uploaded model also
    /// uploaded weights of the same architecture, "upload-&lt;id&gt;" (<see cref="Checkpoints.Upload"/>).
    /// </summary>
    public string From { get; init; } = Checkpoints.Init;
    public string To { get; init; } = Checkpoints.End;
    public int Points { get; init; } = 41;
    public double AlphaMin { get; init; } = -0.5;
    public double AlphaMax { get; init; } = 1.5;
    /// <summary>Also the Hessian's largest eigenvalue at each α (Lanczos, k = 1, with the analysis's step limit and tolerance).</summary>
    public bool TopEigenvalue { get; init; }

    /// <summary>The α of point i: αmin + (αmax − αmin)·i/(n − 1), so that the default grid holds 0 and 1 exactly.</summary>
    public double Alpha(int i) => i == Points - 1 ? AlphaMax : AlphaMin + (AlphaMax - AlphaMin) * i / (Points - 1);

    /// <summary>How its points are labelled: "from→to".</summary>
    public string Label => $"{From}{Arrow}{To}";

    public const string Arrow = "→";
}
