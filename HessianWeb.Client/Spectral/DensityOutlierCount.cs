namespace HessianWeb.Client.Spectral;

/// <summary>The outlier count read off a stochastic Lanczos quadrature: M × the spectral mass above an edge.</summary>
/// <remarks>
/// Each probe's rule puts weight τ_i = (first component of T_m's i-th eigenvector)² on node θ_i, and
/// E[Σ_{θ_i > t} τ_i] → (1/M)·#{λ > t} once the nodes above t have converged to the eigenvalues there (the outliers are
/// the extreme eigenvalues Lanczos resolves first), so M·Σ_{θ_i > t} τ_i is an unbiased count per probe, and its spread
/// over probes gives the standard error (<see cref="StochasticEstimate"/>). The edge t is put in the middle of the gap an
/// eigenvalue count chose (<see cref="OutlierEstimate.GapMiddle"/>), so nodes of the bulk near its top stay below it.
/// </remarks>
public static class DensityOutlierCount
{
    /// <exception cref="ArgumentException">Fewer than two probes, a dimension below 1, or an edge that is not finite.</exception>
    public static StochasticEstimate Above(IReadOnlyList<QuadratureRule> quadratures, double edge, int dimension)
    {
        ArgumentNullException.ThrowIfNull(quadratures);
        if (dimension < 1) throw new ArgumentException($"The dimension {dimension} must be at least 1.", nameof(dimension));
        if (!double.IsFinite(edge)) throw new ArgumentException($"The edge {edge} must be finite.", nameof(edge));
        return StochasticEstimate.Of(quadratures.Select(q =>
        {
            double mass = 0;
            for (var i = 0; i < q.Nodes.Length; i++) if (q.Nodes[i] > edge) mass += q.Weights[i];
            return dimension * mass;
        }).ToArray());
    }
}
