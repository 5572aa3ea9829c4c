namespace HessianWeb.Client.Spectral;

/// <summary>
/// An eigenvalue estimate θ with its residual bound ‖A·y − θ·y‖ = |β·s_last| (y the unit Ritz vector): some
/// eigenvalue of A lies within ResidualBound of θ.
/// </summary>
public readonly record struct RitzValue(double Value, double ResidualBound, bool Converged);
