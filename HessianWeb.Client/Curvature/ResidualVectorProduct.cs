using HessianWeb.Client.Spectral;

namespace HessianWeb.Client.Curvature;

/// <summary>
/// Products with the residual R = ∇²L − G = (1/N)·Σ_i Σ_c (∂ℓ/∂f_c)·∇²f_c(w, x_i) of the Gauss–Newton decomposition
/// (Sagun et al. 2017, docs/paper.md claim 4): R·v = H·v − G·v.
/// </summary>
/// <remarks>Does not own the two operators. R is symmetric, indefinite, and shrinks as the residuals ∂ℓ/∂f → 0.</remarks>
public sealed class ResidualVectorProduct : ISymmetricOperator
{
    readonly ISymmetricOperator hessian;
    readonly ISymmetricOperator gaussNewton;
    readonly double[] scratch;

    public ResidualVectorProduct(ISymmetricOperator hessian, ISymmetricOperator gaussNewton)
    {
        ArgumentNullException.ThrowIfNull(hessian);
        ArgumentNullException.ThrowIfNull(gaussNewton);
        if (hessian.Dimension != gaussNewton.Dimension)
            throw new ArgumentException($"H acts on ℝ^{hessian.Dimension} but G on ℝ^{gaussNewton.Dimension}.", nameof(gaussNewton));
        this.hessian = hessian;
        this.gaussNewton = gaussNewton;
        scratch = new double[hessian.Dimension];
    }

    public int Dimension => hessian.Dimension;

    public double RelativeAccuracy => Math.Max(hessian.RelativeAccuracy, gaussNewton.RelativeAccuracy);

    public void Apply(ReadOnlySpan<double> vector, Span<double> result)
    {
        VectorMath.RequireLength(result, Dimension, nameof(result));
        hessian.Apply(vector, result);
        gaussNewton.Apply(vector, scratch);
        VectorMath.AddScaled(result, -1, scratch);
    }
}
