using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>
/// Gaussian blobs exactly as the authors' Python makes them (scikit-learn 1.2, numpy 1.24), bit for bit:
/// <c>X, y = make_blobs(n_samples=train+test, n_features=d, centers=k, cluster_std=s, random_state=seed)</c>,
/// then <c>X = sklearn.preprocessing.scale(X)</c> over all train+test points; the first trainSize rows are the
/// training set, the rest the test set.
/// </summary>
/// <remarks>
/// <para>make_blobs: k centres uniform in [−10, 10]^d (one <c>uniform</c> call, row-major); n points split as
/// n // k per centre, the first n mod k centres getting one more; centre i's block drawn by one <c>normal(centre_i,
/// s, (n_i, d))</c> call, row-major; then <c>sklearn.utils.shuffle</c>, which shuffles an index permutation with the
/// same RandomState and takes X and y in that order. All draws come from one <see cref="NumpyRandomState"/>.</para>
/// <para>Beyond make_blobs, each with a stated Python equivalent (the tests run them):
/// clustersPerClass c &gt; 1 makes k·c centres and labels a point by its centre mod k (<c>y % k</c>);
/// a separation r first draws the centres' directions from the same stream and passes the centres to make_blobs
/// with the same RandomState: <c>g = RandomState(seed); v = g.standard_normal((k·c, d)); centres = r·v / ‖v‖</c>
/// (each row's norm the square root of its squares summed left to right), then
/// <c>make_blobs(n, centers=centres, cluster_std=s, random_state=g)</c>.</para>
/// </remarks>
public static class ScikitLearnBlobs
{
    const double CentreBoxLow = -10.0;
    const double CentreBoxHigh = 10.0;

    public static ClassificationData Generate(DataSpec spec)
    {
        var (inputs, labels) = Points(spec);
        var d = spec.InputDim;
        var trainCount = spec.TrainSize * d;
        var train = new LabelledPoints(inputs[..trainCount], labels[..spec.TrainSize], d);
        var test = new LabelledPoints(inputs[trainCount..], labels[spec.TrainSize..], d);
        return new ClassificationData(train, test, spec.Classes);
    }

    /// <summary>All train+test points (row-major, scaled unless the spec says not to) and their labels, in make_blobs' order.</summary>
    public static (double[] Inputs, int[] Labels) Points(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Classes < 1 || spec.InputDim < 1 || spec.TrainSize < 1 || spec.TestSize < 0 || spec.ClustersPerClass < 1)
            throw new ArgumentOutOfRangeException(nameof(spec), "Blobs need at least one class, cluster, dimension and training point.");
        if (spec.Seed < 0)
            throw new ArgumentOutOfRangeException(nameof(spec), "scikit-learn's blobs take a seed of 0 or above (numpy's RandomState refuses negative seeds).");

        var random = new NumpyRandomState(spec.Seed);
        var d = spec.InputDim;
        var centreCount = spec.Classes * spec.ClustersPerClass;
        var centres = DrawCentres(centreCount, d, spec.Separation, random);

        var n = spec.TrainSize + spec.TestSize;
        var drawn = new double[n * d];
        var centreOf = new int[n];
        var row = 0;
        for (var c = 0; c < centreCount; c++)
        {
            var size = n / centreCount + (c < n % centreCount ? 1 : 0);
            for (var r = 0; r < size; r++, row++)
            {
                centreOf[row] = c;
                for (var f = 0; f < d; f++) drawn[row * d + f] = random.Normal(centres[c * d + f], spec.ClusterStd);
            }
        }

        var order = Enumerable.Range(0, n).ToArray();
        random.Shuffle(order.AsSpan());
        var inputs = new double[n * d];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            Array.Copy(drawn, order[i] * d, inputs, i * d, d);
            labels[i] = centreOf[order[i]] % spec.Classes;
        }
        if (spec.Standardise) ScikitLearnScale.Apply(inputs, n, d);
        return (inputs, labels);
    }

    /// <summary>The k·c centres (row j is centre j, of class j mod k), as drawn before any point.</summary>
    public static double[] Centres(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return DrawCentres(spec.Classes * spec.ClustersPerClass, spec.InputDim, spec.Separation, new NumpyRandomState(spec.Seed));
    }

    static double[] DrawCentres(int count, int d, double? separation, NumpyRandomState random)
    {
        var centres = new double[count * d];
        if (separation is not { } radius)
        {
            for (var i = 0; i < centres.Length; i++) centres[i] = random.Uniform(CentreBoxLow, CentreBoxHigh);
            return centres;
        }
        for (var i = 0; i < centres.Length; i++) centres[i] = random.StandardNormal();
        for (var j = 0; j < count; j++)
        {
            var direction = centres.AsSpan(j * d, d);
            var squares = 0.0;
            foreach (var v in direction) squares += v * v;
            var norm = Math.Sqrt(squares);
            // Probability zero with a continuous draw, but a direction must exist; refusing beats inventing one.
            if (norm == 0) throw new InvalidOperationException("A centre's random direction came out as the zero vector; choose another data seed.");
            for (var f = 0; f < d; f++) direction[f] = radius * direction[f] / norm;
        }
        return centres;
    }
}
