namespace HessianWeb.Client.Spectral;

/// <summary>The mean of independent samples and its standard error s/√n (s the sample standard deviation).</summary>
public sealed record StochasticEstimate(double Value, double StandardError, int Samples)
{
    /// <exception cref="ArgumentException">Fewer than two samples: no standard error.</exception>
    public static StochasticEstimate Of(IReadOnlyList<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count < 2) throw new ArgumentException("A standard error needs at least two samples.", nameof(samples));
        var mean = samples.Average();
        var variance = samples.Sum(x => (x - mean) * (x - mean)) / (samples.Count - 1);
        return new StochasticEstimate(mean, Math.Sqrt(variance / samples.Count), samples.Count);
    }
}
