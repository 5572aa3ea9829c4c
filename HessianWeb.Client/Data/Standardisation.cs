namespace HessianWeb.Client.Data;

/// <summary>
/// Per-feature standardisation with the training set's statistics, as scikit-learn's StandardScaler: population
/// mean and standard deviation; a constant feature is only centred. The test set gets the same transform.
/// </summary>
internal static class Standardisation
{
    public static void Apply(LabelledPoints train, LabelledPoints test)
    {
        var d = train.Dimension;
        var mean = new double[d];
        var sumSquares = new double[d];
        // Row-major passes: image sets are 60,000 × 784, so walking a column at a time would miss the cache.
        for (var i = 0; i < train.Count; i++)
            for (var f = 0; f < d; f++) mean[f] += train.Inputs[i * d + f];
        for (var f = 0; f < d; f++) mean[f] /= train.Count;
        for (var i = 0; i < train.Count; i++)
            for (var f = 0; f < d; f++) sumSquares[f] += Math.Pow(train.Inputs[i * d + f] - mean[f], 2);
        var std = sumSquares.Select(s => Math.Sqrt(s / train.Count) is var sd && sd > 0 ? sd : 1).ToArray();
        foreach (var set in (ReadOnlySpan<LabelledPoints>)[train, test])
            for (var i = 0; i < set.Count; i++)
                for (var f = 0; f < d; f++)
                    set.Inputs[i * d + f] = (set.Inputs[i * d + f] - mean[f]) / std[f];
    }
}
