using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Spectral;

/// <summary>Settings of a stochastic Lanczos quadrature density.</summary>
/// <param name="Probes">n_v, the random probe vectors: at least 1 (the spec allows one), at least 2 for the moments' standard errors.</param>
/// <param name="Steps">m, Lanczos steps per probe (capped at the dimension): the quadrature is exact for polynomials of degree ≤ 2m − 1.</param>
/// <param name="Distribution">The probes' law.</param>
/// <param name="Width">σ of the Gaussian broadening; null: <paramref name="RelativeWidth"/> × the range of all Ritz values.</param>
/// <param name="RelativeWidth">σ as a fraction of the spectrum's range (max − min Ritz value over all probes) when no Width is given.</param>
/// <param name="GridPoints">Points of the uniform grid, from 6σ below the smallest Ritz value to 6σ above the largest; the grid must resolve σ (spacing ≤ σ/2).</param>
/// <param name="Seed">Seed of the probes (<see cref="Randomness.RandomStream.Probes"/>).</param>
/// <param name="Reorthogonalisation">Of each probe's Lanczos basis.</param>
public sealed record SpectralDensityOptions(
    int Probes = 10,
    int Steps = 80,
    ProbeDistribution Distribution = ProbeDistribution.Rademacher,
    double? Width = null,
    double RelativeWidth = 0.01,
    int GridPoints = 1001,
    int Seed = 0,
    Reorthogonalisation Reorthogonalisation = Reorthogonalisation.Full);
