using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Runs;

/// <summary>
/// The spectral methods' settings a spec's analysis asks for, in one place so that each of its Lanczos runs (top and
/// bottom eigenvalues, the density's probes, the interpolations' λ₁) keeps its basis as <see cref="AnalysisSpec.Reorthogonalisation"/> says.
/// </summary>
internal static class AnalysisOptions
{
    /// <summary>Top-K and bottom-K of an operator of this dimension, K capped at it.</summary>
    public static LanczosOptions Extremes(AnalysisSpec analysis, int dimension, bool topVectors) => new(
        Math.Min(analysis.LanczosK, dimension), analysis.LanczosMaxSteps, analysis.LanczosTolerance, analysis.Seed,
        BottomK: Math.Min(analysis.LanczosBottomK, dimension), TopVectors: topVectors, Reorthogonalisation: analysis.Reorthogonalisation);

    /// <summary>The largest eigenvalue alone, as each interpolation point's.</summary>
    public static LanczosOptions TopEigenvalue(AnalysisSpec analysis, int dimension) => new(
        1, Math.Min(analysis.LanczosMaxSteps, dimension), analysis.LanczosTolerance, analysis.Seed,
        Reorthogonalisation: analysis.Reorthogonalisation);

    /// <summary>SLQ's settings; steps past the dimension add nothing (the quadrature is exact once the Krylov space is ℝ^M).</summary>
    public static SpectralDensityOptions Density(AnalysisSpec analysis, int dimension) => new(
        analysis.Density.Probes, Math.Min(analysis.Density.Steps, dimension), Probes(analysis.Density.Distribution),
        analysis.Density.Width, analysis.Density.RelativeWidth, analysis.Density.GridPoints, analysis.Seed, analysis.Reorthogonalisation);

    public static ProbeDistribution Probes(ProbeKind kind) => kind switch
    {
        ProbeKind.Rademacher => ProbeDistribution.Rademacher,
        ProbeKind.Gaussian => ProbeDistribution.Gaussian,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), $"Unknown probe distribution {kind}."),
    };
}
