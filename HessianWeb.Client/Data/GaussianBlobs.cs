using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>
/// Isotropic Gaussian clusters in the manner of scikit-learn's <c>make_blobs</c>, the data of Sagun et al.
/// </summary>
/// <remarks>
/// As make_blobs: k·c centres (c clusters per class; centre j belongs to class j mod k), uniform in [−10, 10]^d, or,
/// with a separation s, each s × a uniformly random unit direction (a normalised standard normal vector). n points are
/// split as evenly as possible over the centres (the first n mod k·c get one more), each point N(centre, clusterStd²·I),
/// then shuffled. The test set is drawn the same way from the same centres. Both sets are standardised with the
/// training set's statistics (<see cref="Standardisation"/>) unless the spec says not to.
/// </remarks>
public static class GaussianBlobs
{
    const double CentreBox = 10.0;

    public static ClassificationData Generate(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Classes < 1 || spec.InputDim < 1 || spec.TrainSize < 1 || spec.TestSize < 0 || spec.ClustersPerClass < 1)
            throw new ArgumentOutOfRangeException(nameof(spec), "Blobs need at least one class, cluster, dimension and training point.");

        var random = SeededRandom.For(RandomStream.Data, spec.Seed);
        var centres = DrawCentres(spec, random);
        var train = Sample(spec.TrainSize, centres, spec, random);
        var test = Sample(spec.TestSize, centres, spec, random);
        if (spec.Standardise) Standardisation.Apply(train, test);
        return new ClassificationData(train, test, spec.Classes);
    }

    /// <summary>The k·c centres, row j being centre j (of class j mod k), before standardisation.</summary>
    public static double[] Centres(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return DrawCentres(spec, SeededRandom.For(RandomStream.Data, spec.Seed));
    }

    static double[] DrawCentres(DataSpec spec, SeededRandom random)
    {
        var d = spec.InputDim;
        var centres = new double[spec.Classes * spec.ClustersPerClass * d];
        if (spec.Separation is not { } separation)
        {
            for (var i = 0; i < centres.Length; i++) centres[i] = random.NextDouble(-CentreBox, CentreBox);
            return centres;
        }
        for (var j = 0; j < centres.Length / d; j++)
        {
            var direction = centres.AsSpan(j * d, d);
            double norm;
            do
            {
                for (var f = 0; f < d; f++) direction[f] = random.NextNormal();
                norm = Math.Sqrt(direction.ToArray().Sum(x => x * x));
            } while (norm == 0);
            for (var f = 0; f < d; f++) direction[f] *= separation / norm;
        }
        return centres;
    }

    static LabelledPoints Sample(int count, double[] centres, DataSpec spec, SeededRandom random)
    {
        var clusterCount = spec.Classes * spec.ClustersPerClass;
        var clusters = new int[count];
        for (var i = 0; i < count; i++) clusters[i] = i % clusterCount; // balanced: sizes differ by at most one
        random.Shuffle(clusters.AsSpan());

        var d = spec.InputDim;
        var inputs = new double[count * d];
        for (var i = 0; i < count; i++)
            for (var f = 0; f < d; f++)
                inputs[i * d + f] = random.NextNormal(centres[clusters[i] * d + f], spec.ClusterStd);
        return new LabelledPoints(inputs, clusters.Select(c => c % spec.Classes).ToArray(), d);
    }
}
