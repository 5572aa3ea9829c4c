namespace HessianWeb.Server.Comparison;

/// <summary>
/// The smoothing of TensorBoard's scalar charts: an exponential moving average whose start is debiased,
/// so the curve begins at the first value instead of climbing up from zero.
/// </summary>
/// <remarks>
/// With weight w, s₀ = 0 and sₙ = w·sₙ₋₁ + (1 − w)·yₙ; the point drawn is sₙ / (1 − wⁿ), the bias correction
/// of Adam (Kingma and Ba, 2015, §3) that TensorBoard's <c>smoothing</c> applies (tensorboard/components/vz_line_chart2).
/// n counts the finite values only: a NaN or ∞ is passed through and leaves the average as it was.
/// </remarks>
public static class DebiasedEma
{
    /// <summary>The largest weight offered: at 1 the average would never move.</summary>
    public const double MaxWeight = 0.999;

    public static double[] Smooth(IReadOnlyList<double> values, double weight)
    {
        if (!(weight is >= 0 and <= MaxWeight))
            throw new ArgumentOutOfRangeException(nameof(weight), weight, $"The smoothing weight must be in [0, {MaxWeight}].");
        var smoothed = new double[values.Count];
        double last = 0;
        var n = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var y = values[i];
            if (!double.IsFinite(y))
            {
                smoothed[i] = y;
                continue;
            }
            last = weight * last + (1 - weight) * y;
            n++;
            smoothed[i] = weight == 0 ? y : last / (1 - Math.Pow(weight, n));
        }
        return smoothed;
    }
}
