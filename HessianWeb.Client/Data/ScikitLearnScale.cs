namespace HessianWeb.Client.Data;

/// <summary>
/// <c>sklearn.preprocessing.scale(X)</c> (scikit-learn 1.2) in place on a row-major n × d array: centre each column on
/// its mean, divide by its population standard deviation, with scikit-learn's two corrections.
/// </summary>
/// <remarks>
/// The mean and standard deviation are both taken from the unscaled data. After centring, if the new column means are
/// not all within 1e-8 of zero (<c>np.allclose(mean_1, 0)</c>), those means are subtracted as well; after dividing,
/// the same check and correction on the scaled means. A standard deviation below 10·ε (about 2.2e-15) counts as a
/// constant column and divides by 1.
/// </remarks>
internal static class ScikitLearnScale
{
    const double CloseToZero = 1e-8;
    const double ConstantScale = 10 * 2.220446049250313e-16; // 10 · np.finfo(float64).eps

    public static void Apply(double[] x, int rows, int d)
    {
        var mean = NumpyColumnStatistics.Means(x, rows, d);
        var scale = NumpyColumnStatistics.PopulationStds(x, rows, d);
        Subtract(x, rows, d, mean);
        var residual = NumpyColumnStatistics.Means(x, rows, d);
        if (!AllCloseToZero(residual)) Subtract(x, rows, d, residual);

        for (var f = 0; f < d; f++)
            if (scale[f] < ConstantScale) scale[f] = 1.0;
        for (var i = 0; i < rows; i++)
            for (var f = 0; f < d; f++) x[i * d + f] /= scale[f];
        var scaledResidual = NumpyColumnStatistics.Means(x, rows, d);
        if (!AllCloseToZero(scaledResidual)) Subtract(x, rows, d, scaledResidual);
    }

    static void Subtract(double[] x, int rows, int d, double[] columnValues)
    {
        for (var i = 0; i < rows; i++)
            for (var f = 0; f < d; f++) x[i * d + f] -= columnValues[f];
    }

    // np.allclose(a, 0) is |a| ≤ atol + rtol·|0| = 1e-8; a NaN is never close.
    static bool AllCloseToZero(double[] values) => values.All(v => Math.Abs(v) <= CloseToZero);
}
