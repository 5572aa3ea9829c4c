using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Spectral;

/// <param name="K">How many of the largest eigenvalues are wanted.</param>
/// <param name="MaxSteps">The most operator products (Lanczos steps) to take; capped at the dimension.</param>
/// <param name="Tolerance">A Ritz pair counts as converged once its residual bound is at most Tolerance·max|θ|.</param>
/// <param name="Seed">Seed of the random start (and restart) vectors.</param>
/// <param name="BottomK">How many of the smallest (most negative) eigenvalues are wanted as well.</param>
/// <param name="TopVectors">Return the Ritz vectors V·s of the top K (K vectors of the operator's dimension).</param>
/// <param name="Reorthogonalisation">How the basis is kept orthogonal (full by default).</param>
public sealed record LanczosOptions(
    int K,
    int MaxSteps,
    double Tolerance = 1e-10,
    int Seed = 0,
    int BottomK = 0,
    bool TopVectors = false,
    Reorthogonalisation Reorthogonalisation = Reorthogonalisation.Full);
