using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>
/// Isotropic Gaussian clusters in the manner of scikit-learn's <c>make_blobs</c>, the data of Sagun et al.
/// </summary>
/// <remarks>
/// As make_blobs: k centres uniform in [−10, 10]^d; n points split as evenly as possible over the classes
/// (the first n mod k classes get one more), each point N(centre, clusterStd²·I), then shuffled. The test set
/// is drawn the same way from the same centres. Both sets are standardised with the training set's per-feature
/// mean and standard deviation (population, as StandardScaler; a constant feature is only centred).
/// </remarks>
public static class GaussianBlobs
{
    const double CentreBox = 10.0;

    public static ClassificationData Generate(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Classes < 1 || spec.InputDim < 1 || spec.TrainSize < 1 || spec.TestSize < 0)
            throw new ArgumentOutOfRangeException(nameof(spec), "Blobs need at least one class, one dimension and one training point.");

        var random = SeededRandom.For(RandomStream.Data, spec.Seed);
        var centres = new double[spec.Classes * spec.InputDim];
        for (var i = 0; i < centres.Length; i++) centres[i] = random.NextDouble(-CentreBox, CentreBox);

        var train = Sample(spec.TrainSize, centres, spec, random);
        var test = Sample(spec.TestSize, centres, spec, random);
        Standardise(train, test);
        return new ClassificationData(train, test, spec.Classes);
    }

    static LabelledPoints Sample(int count, double[] centres, DataSpec spec, SeededRandom random)
    {
        var labels = new int[count];
        for (var i = 0; i < count; i++) labels[i] = i % spec.Classes; // balanced: class sizes differ by at most one
        random.Shuffle(labels.AsSpan());

        var d = spec.InputDim;
        var inputs = new double[count * d];
        for (var i = 0; i < count; i++)
            for (var f = 0; f < d; f++)
                inputs[i * d + f] = random.NextNormal(centres[labels[i] * d + f], spec.ClusterStd);
        return new LabelledPoints(inputs, labels, d);
    }

    static void Standardise(LabelledPoints train, LabelledPoints test)
    {
        var d = train.Dimension;
        for (var f = 0; f < d; f++)
        {
            double mean = 0;
            for (var i = 0; i < train.Count; i++) mean += train.Inputs[i * d + f];
            mean /= train.Count;
            double variance = 0;
            for (var i = 0; i < train.Count; i++) variance += Math.Pow(train.Inputs[i * d + f] - mean, 2);
            var std = Math.Sqrt(variance / train.Count);
            if (std == 0) std = 1;
            foreach (var set in (ReadOnlySpan<LabelledPoints>)[train, test])
                for (var i = 0; i < set.Count; i++)
                    set.Inputs[i * d + f] = (set.Inputs[i * d + f] - mean) / std;
        }
    }
}
