namespace HessianWeb.Client.Spectral;

/// <summary>
/// An estimate of the spectral density φ(t) = (1/n)·Σ_k δ(t − λ_k), broadened by a Gaussian of width σ, on a uniform
/// grid: the mean of the probes' densities, each normalised to integrate to 1 by the trapezoid rule on the grid.
/// </summary>
/// <param name="Grid">Ascending, uniform.</param>
/// <param name="Density">φ_σ at each grid point; ∫φ_σ = 1 (trapezoid).</param>
/// <param name="ProbeDensities">Each probe's own density on the grid, normalised alike: their spread is the estimate's.</param>
/// <param name="Quadratures">Each probe's raw nodes and weights.</param>
/// <param name="Width">σ.</param>
/// <param name="OperatorApplications">Products taken, Σ over probes of their Lanczos steps.</param>
public sealed record SpectralDensity(
    double[] Grid, double[] Density, IReadOnlyList<double[]> ProbeDensities, IReadOnlyList<QuadratureRule> Quadratures,
    double Width, int OperatorApplications)
{
    /// <summary>∫ Density by the trapezoid rule on the grid.</summary>
    public double Integral => Trapezoid(Grid, Density);

    /// <summary>
    /// tr(A^j)/n estimated from the raw quadratures (no broadening): the mean of the probes' moments, with its standard
    /// error across probes. Exact per probe, in expectation, for j ≤ 2m − 1.
    /// </summary>
    /// <exception cref="ArgumentException">Fewer than two probes: no standard error.</exception>
    public StochasticEstimate Moment(int j) => StochasticEstimate.Of(Quadratures.Select(q => q.Moment(j)).ToArray());

    public static double Trapezoid(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length) throw new ArgumentException("The grid and the values differ in length.", nameof(y));
        double sum = 0;
        for (var i = 1; i < x.Length; i++) sum += 0.5 * (x[i] - x[i - 1]) * (y[i] + y[i - 1]);
        return sum;
    }
}
