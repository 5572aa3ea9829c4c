namespace HessianWeb.Client.Spectral;

/// <param name="K">How many of the largest eigenvalues are wanted.</param>
/// <param name="MaxSteps">The most operator products (Lanczos steps) to take; capped at the dimension.</param>
/// <param name="Tolerance">A Ritz pair counts as converged once its residual bound is at most Tolerance·max|θ|.</param>
/// <param name="Seed">Seed of the random start (and restart) vectors.</param>
public sealed record LanczosOptions(int K, int MaxSteps, double Tolerance = 1e-10, int Seed = 0);
