namespace HessianWeb.Shared.Specs;

/// <summary>How Lanczos keeps its basis orthogonal.</summary>
public enum Reorthogonalisation
{
    /// <summary>
    /// Every new vector against the whole basis by classical Gram–Schmidt, a second pass when the first removed much of
    /// its norm (DGKS; "twice is enough", Giraud, Langou &amp; Rozložník 2005): orthogonal to rounding. Reads the basis
    /// twice per step, four times when the second pass is needed.
    /// </summary>
    Full,

    /// <summary>
    /// Partial reorthogonalisation (Simon 1984): the loss of orthogonality is estimated by the ω-recurrence and the
    /// basis is swept only when it would exceed √ε, which keeps it semi-orthogonal, enough for Ritz values accurate to
    /// O(ε‖A‖) (Simon's theorem). Far cheaper when each product is cheap next to a sweep of the basis.
    /// </summary>
    Partial,

    /// <summary>
    /// Selective orthogonalisation (Parlett &amp; Scott 1979) on Simon's (1984) schedule: when the ω-recurrence says
    /// orthogonality is being lost, the new vector is orthogonalised only against the Ritz vectors the loss points to
    /// (by Paige's theorem the converged and converging ones), each formed once and kept; the whole basis is swept, as in
    /// <see cref="Partial"/>, only when the estimate shows a loss that 24 such vectors cannot account for. Keeps the basis
    /// semi-orthogonal like <see cref="Partial"/> at a fraction of the reads once the extreme pairs converge; holds up to
    /// 24 extra vectors of the operator's dimension.
    /// </summary>
    Selective,
}
