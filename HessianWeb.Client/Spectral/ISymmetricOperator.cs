using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// A symmetric linear map v ↦ A·v on ℝⁿ, known only through its products: a Hessian, a Gauss–Newton matrix,
/// or a plain matrix in tests. Spectral algorithms are written against this and nothing else.
/// </summary>
public interface ISymmetricOperator
{
    int Dimension { get; }

    /// <summary>Writes A·<paramref name="vector"/> into <paramref name="result"/> (both of length <see cref="Dimension"/>).</summary>
    void Apply(ReadOnlySpan<double> vector, Span<double> result);

    /// <summary>
    /// u, the relative accuracy of a product: ‖fl(A·v) − A·v‖ is about u·‖A‖·‖v‖. The float64 machine epsilon unless the
    /// operator computes in lower precision (a float32 model: <see cref="MachineEpsilon.Float32"/>). Lanczos's partial
    /// reorthogonalisation reads it, since a product's error is what makes the basis lose orthogonality.
    /// </summary>
    double RelativeAccuracy => MachineEpsilon.Float64;
}
