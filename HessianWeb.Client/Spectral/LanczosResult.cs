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
    public bool AllConverged => Top.All(r => r.Converged);
}
