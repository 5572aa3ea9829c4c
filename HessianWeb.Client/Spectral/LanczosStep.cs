namespace HessianWeb.Client.Spectral;

/// <summary>The state after one Lanczos step: all current Ritz values (descending) and their residual bounds.</summary>
/// <param name="Iteration">Steps taken so far, from 1.</param>
/// <param name="OperatorApplications">Products with the operator so far (Hessian-vector products, for a Hessian).</param>
public sealed record LanczosStep(int Iteration, double[] RitzValues, double[] ResidualBounds, int OperatorApplications);
