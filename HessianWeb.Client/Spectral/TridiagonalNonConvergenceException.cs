namespace HessianWeb.Client.Spectral;

/// <summary>The implicit QL iteration on a Lanczos tridiagonal did not converge (a NaN or infinity in T, in practice).</summary>
public sealed class TridiagonalNonConvergenceException(int size, int eigenvalue) : Exception(
    $"The QL iteration on a {size}×{size} tridiagonal matrix did not converge for eigenvalue {eigenvalue}; T probably holds a NaN or an infinity.")
{
    public int Size { get; } = size;
}
