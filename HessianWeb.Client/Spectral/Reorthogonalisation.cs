namespace HessianWeb.Client.Spectral;

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
}
