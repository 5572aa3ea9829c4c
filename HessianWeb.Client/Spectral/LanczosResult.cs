namespace HessianWeb.Client.Spectral;

public enum LanczosStopReason
{
    /// <summary>The wanted pairs met the tolerance.</summary>
    Converged,
    /// <summary>The step limit came first; see each value's Converged flag.</summary>
    StepLimit,
    /// <summary>The basis spans the whole space: the Ritz values are the eigenvalues.</summary>
    KrylovSpaceExhausted,
}

/// <param name="Top">The largest Ritz values, descending: K of them, or fewer if fewer steps were taken.</param>
/// <param name="Restarts">Fresh start vectors taken after an invariant subspace was found.</param>
public sealed record LanczosResult(
    IReadOnlyList<RitzValue> Top, int Iterations, int OperatorApplications, int Restarts, LanczosStopReason StopReason)
{
    /// <summary>The smallest Ritz values, ascending (most negative first): BottomK of them, or fewer.</summary>
    public IReadOnlyList<RitzValue> Bottom { get; init; } = [];

    /// <summary>The unit Ritz vectors of <see cref="Top"/>, in the same order, when they were asked for.</summary>
    public IReadOnlyList<double[]>? TopVectors { get; init; }

    /// <summary>Gram–Schmidt passes over the whole basis made to keep it orthogonal.</summary>
    public int Sweeps { get; init; }

    /// <summary>Selective reorthogonalisation: orthogonalisations against one good Ritz vector (each reads two vectors).</summary>
    public int RitzOrthogonalisations { get; init; }

    public bool AllConverged => Top.All(r => r.Converged) && Bottom.All(r => r.Converged);
}
