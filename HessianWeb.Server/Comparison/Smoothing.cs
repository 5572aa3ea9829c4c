namespace HessianWeb.Server.Comparison;

/// <summary>Training curves smoothed as TensorBoard smooths its scalars.</summary>
public static class Smoothing
{
    /// <summary>
    /// The debiased exponential moving average: m_t = w·m_{t−1} + (1 − w)·y_t from m_0 = 0, divided by
    /// 1 − w^t so that the start is not pulled towards zero (TensorBoard's scalar smoothing; Adam's bias correction,
    /// Kingma &amp; Ba 2015). w = 0 returns the values; a non-finite value is passed through and does not enter the average.
    /// </summary>
    public static double[] DebiasedEma(IReadOnlyList<double> values, double weight)
    {
        if (weight is < 0 or >= 1 || double.IsNaN(weight))
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The smoothing weight must be in [0, 1).");
        var smoothed = new double[values.Count];
        double last = 0;
        var count = 0;
        for (var i = 0; i < values.Count; i++)
        {
            var y = values[i];
            if (!double.IsFinite(y)) { smoothed[i] = y; continue; }
            last = last * weight + (1 - weight) * y;
            count++;
            var debias = 1 - Math.Pow(weight, count);
            smoothed[i] = debias == 0 ? y : last / debias;
        }
        return smoothed;
    }
}
