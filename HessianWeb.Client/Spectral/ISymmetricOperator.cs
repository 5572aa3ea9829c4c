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
}
