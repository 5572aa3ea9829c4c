using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Sweeps.Presets;

/// <summary>Numbers the presets read off a run's stored spectra and densities.</summary>
public static class SpectrumMeasures
{
    /// <summary>The share of <paramref name="eigenvalues"/> with |λ| &lt; <paramref name="bound"/>.</summary>
    public static double FractionBelow(IReadOnlyList<double> eigenvalues, double bound) =>
        eigenvalues.Count == 0 ? double.NaN : eigenvalues.Count(v => Math.Abs(v) < bound) / (double)eigenvalues.Count;

    /// <summary>
    /// The density's mass on |λ| &lt; <paramref name="bound"/> by the trapezoidal rule on its grid (the density integrates
    /// to 1, so this is the share of eigenvalues there, blurred by the density's broadening).
    /// </summary>
    public static double FractionBelow(DensityResult density, double bound)
    {
        double mass = 0;
        for (var i = 1; i < density.Grid.Length; i++)
        {
            var (a, b) = (density.Grid[i - 1], density.Grid[i]);
            if (Math.Abs(a) < bound && Math.Abs(b) < bound) mass += (b - a) * (density.Density[i - 1] + density.Density[i]) / 2;
        }
        return mass;
    }

    /// <summary>‖A‖ = max |λ| of the <see cref="SpectrumMethods.Preferred"/> spectrum: every eigenvalue when it is exact, else Lanczos's top and bottom.</summary>
    public static double? Norm(IEnumerable<SpectrumResult> spectra, string checkpoint, string @operator) =>
        Eigenvalues(spectra, checkpoint, @operator)?.Max(Math.Abs);

    /// <summary>The fullest spectrum of one operator at one checkpoint, descending: the <see cref="SpectrumMethods.Preferred"/> one,
    /// Lanczos's top and bottom together when it is Lanczos's.</summary>
    public static double[]? Eigenvalues(IEnumerable<SpectrumResult> spectra, string checkpoint, string @operator) =>
        SpectrumMethods.Preferred(spectra, checkpoint, @operator) switch
        {
            null => null,
            { Method: SpectrumMethods.Exact } exact => exact.Eigenvalues,
            var lanczos => lanczos.Eigenvalues.Concat((lanczos.BottomEigenvalues ?? []).Reverse()).Distinct().OrderDescending().ToArray(),
        };
}
