using HessianWeb.Client.Randomness;
using HessianWeb.Client.Spectral;
using MathNet.Numerics.LinearAlgebra;

namespace HessianWeb.Tests.Client.Spectral;

/// <summary>Spectra whose outlier count is known, by MathNet's dense symmetric eigensolver.</summary>
internal static class PlantedSpectra
{
    /// <summary>
    /// Seeds per case in the rate tests; HESSIANWEB_OUTLIER_SEEDS raises it to measure rates (the report used 200).
    /// </summary>
    public static int Seeds => int.TryParse(Environment.GetEnvironmentVariable("HESSIANWEB_OUTLIER_SEEDS"), out var n) && n > 0 ? n : 25;

    /// <summary>BBP: a population spike ℓ separates from the Marchenko–Pastur bulk (as n, p → ∞) iff ℓ > 1 + √γ.</summary>
    public static double Threshold(double gamma) => 1 + Math.Sqrt(gamma);

    /// <summary>
    /// The eigenvalues of the sample covariance XᵀX/n, X n×p with independent N(0, Σ) rows, Σ = diag(spikes…, 1, …, 1):
    /// a Marchenko–Pastur bulk with ratio γ = p/n plus the spikes (Baik, Ben Arous &amp; Péché, 2005).
    /// </summary>
    public static double[] Wishart(int p, double gamma, IReadOnlyList<double> spikes, int seed)
    {
        var n = (int)Math.Round(p / gamma);
        var random = new SeededRandom(seed);
        var x = Matrix<double>.Build.Dense(n, p, (_, j) => random.NextNormal() * (j < spikes.Count ? Math.Sqrt(spikes[j]) : 1));
        return KnownSpectrum.DenseEigenvalues(((x.TransposeThisAndMultiply(x)) / n).ToArray());
    }

    /// <summary>Q·diag(bulk)·Qᵀ + Σ_i h_i·u_i·u_iᵀ (Q Haar, u_i independent uniform unit vectors), by the dense solver.</summary>
    public static double[] WithSpikes(double[] bulk, IReadOnlyList<double> heights, int seed)
    {
        var a = Matrix<double>.Build.DenseOfArray(KnownSpectrum.Matrix(bulk, seed));
        var random = new SeededRandom(seed + 1_000_003);
        foreach (var h in heights)
        {
            var u = Vector<double>.Build.Dense(bulk.Length, _ => random.NextNormal());
            u /= u.L2Norm();
            a += h * u.OuterProduct(u);
        }
        return KnownSpectrum.DenseEigenvalues((0.5 * (a + a.Transpose())).ToArray());
    }

    /// <summary>Spike heights ℓ·(1 + 0.3·i), i = 0 … s − 1: distinct, all at least ℓ.</summary>
    public static double[] Heights(int s, double lowest) => Enumerable.Range(0, s).Select(i => lowest * (1 + 0.3 * i)).ToArray();

    /// <summary>How often, over <see cref="Seeds"/> seeds, the estimate was the planted count, "no clear gap", or more.</summary>
    public static Rates Measure(int planted, Func<int, double[]> spectrum)
    {
        var estimates = Enumerable.Range(0, Seeds).Select(seed => Outliers.FromEigenvalues(spectrum(seed))).ToList();
        double Share(Func<OutlierEstimate, bool> f) => estimates.Count(f) / (double)estimates.Count;
        return new Rates(
            Share(e => e.ClearCount == planted), Share(e => e.NoClearGap), Share(e => e.ClearCount > planted),
            estimates.Max(e => e.Count), estimates.Count);
    }

    public sealed record Rates(double Recovered, double NoClearGap, double Over, int LargestCount, int Seeds)
    {
        public override string ToString() => $"recovered {Recovered:P1}, no clear gap {NoClearGap:P1}, over {Over:P1} ({Seeds} seeds)";
    }
}
