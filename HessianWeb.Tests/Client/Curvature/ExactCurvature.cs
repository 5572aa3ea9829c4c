using HessianWeb.Client.Curvature;
using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Curvature;

/// <summary>
/// The explicit M×M Hessian H, Gauss–Newton matrix G and residual R = H − G of a <see cref="TrainingObjective"/>, row-major
/// float64, for models up to a size limit (default <see cref="SpecLimits.MaxExactParameters"/>): docs/paper.md claim 4's
/// side-by-side spectra, measured exactly.
/// </summary>
/// <remarks>Column i is A·e_i, M products; the matrix is symmetrised as (A + Aᵀ)/2 (see <see cref="ExactHessian.Assemble(ISymmetricOperator, CancellationToken)"/>).</remarks>
public static class ExactCurvature
{
    /// <exception cref="ExactHessianTooLargeException">The model has more than <paramref name="maxParameters"/> parameters; nothing is computed.</exception>
    public static double[] Hessian(TrainingObjective objective, int maxParameters = SpecLimits.MaxExactParameters, CancellationToken cancellationToken = default)
    {
        Check(objective, maxParameters, "Hessian");
        using var hessian = new BatchedHessianVectorProduct(objective);
        return ExactHessian.Assemble(hessian, maxParameters, "Hessian", cancellationToken);
    }

    /// <exception cref="ExactHessianTooLargeException">The model has more than <paramref name="maxParameters"/> parameters; nothing is computed.</exception>
    public static double[] GaussNewton(TrainingObjective objective, int maxParameters = SpecLimits.MaxExactParameters, CancellationToken cancellationToken = default)
    {
        Check(objective, maxParameters, "Gauss–Newton matrix");
        using var gaussNewton = new GaussNewtonVectorProduct(objective);
        return ExactHessian.Assemble(gaussNewton, maxParameters, "Gauss–Newton matrix", cancellationToken);
    }

    /// <exception cref="ExactHessianTooLargeException">The model has more than <paramref name="maxParameters"/> parameters; nothing is computed.</exception>
    public static double[] Residual(TrainingObjective objective, int maxParameters = SpecLimits.MaxExactParameters, CancellationToken cancellationToken = default)
    {
        Check(objective, maxParameters, "residual H − G");
        using var hessian = new BatchedHessianVectorProduct(objective);
        using var gaussNewton = new GaussNewtonVectorProduct(objective);
        return ExactHessian.Assemble(new ResidualVectorProduct(hessian, gaussNewton), maxParameters, "residual H − G", cancellationToken);
    }

    static void Check(TrainingObjective objective, int maxParameters, string matrix)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxParameters);
        if (objective.Dimension > maxParameters) throw new ExactHessianTooLargeException(objective.Dimension, maxParameters, matrix);
    }
}
