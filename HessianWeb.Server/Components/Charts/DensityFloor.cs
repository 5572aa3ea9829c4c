namespace HessianWeb.Server.Components.Charts;

/// <summary>
/// Densities are drawn no lower than a fraction of their peak: the Gaussian tails fall to 1e-300, which would spread
/// a log axis over hundreds of empty decades. The run page and the comparison draw densities against the same floor.
/// </summary>
public static class DensityFloor
{
    public const double Fraction = 1e-10;

    /// <summary>The lowest value drawn when the highest peak among the densities shown is <paramref name="peak"/>.</summary>
    public static double Below(double peak) => peak > 0 ? Fraction * peak : double.Epsilon;
}
