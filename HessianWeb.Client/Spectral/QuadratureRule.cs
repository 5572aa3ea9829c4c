namespace HessianWeb.Client.Spectral;

/// <summary>
/// One probe's Gauss quadrature of the spectral measure μ_v = Σ_k (u_kᵀv)²·δ(λ_k) (v the unit probe, u_k the
/// eigenvectors): nodes θ_i are the Ritz values of T_m, weights τ_i the squared first components of T_m's unit
/// eigenvectors; Σ τ_i = 1 and Σ τ_i·θ_i^j = vᵀA^j v for j ≤ 2m − 1 (Golub &amp; Meurant, <i>Matrices, Moments and Quadrature</i>, 2010).
/// </summary>
/// <param name="Nodes">Ascending.</param>
public sealed record QuadratureRule(double[] Nodes, double[] Weights)
{
    /// <summary>Σ_i τ_i·θ_i^j: the probe's estimate of tr(A^j)/n.</summary>
    public double Moment(int j)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        double sum = 0;
        for (var i = 0; i < Nodes.Length; i++) sum += Weights[i] * Math.Pow(Nodes[i], j);
        return sum;
    }
}
