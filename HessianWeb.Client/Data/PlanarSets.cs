using HessianWeb.Client.Randomness;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>The two-class planar sets' common sampling: split, place, shuffle, add noise, standardise.</summary>
internal static class PlanarSets
{
    public static ClassificationData Generate(DataSpec spec, Func<int, int, IEnumerable<(double X, double Y)>> curve)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.TrainSize < 2 || spec.TestSize < 0 || !(spec.Noise >= 0))
            throw new ArgumentOutOfRangeException(nameof(spec), "Two-class planar sets need two training points and noise of 0 or above.");
        var random = SeededRandom.For(RandomStream.Data, spec.Seed);
        var train = Sample(spec.TrainSize, spec.Noise, curve, random);
        var test = Sample(spec.TestSize, spec.Noise, curve, random);
        if (spec.Standardise) Standardisation.Apply(train, test);
        return new ClassificationData(train, test, 2);
    }

    static LabelledPoints Sample(int count, double noise, Func<int, int, IEnumerable<(double X, double Y)>> curve, SeededRandom random)
    {
        var outer = count / 2;
        var points = curve(outer, 0).Select(p => (p.X, p.Y, Label: 0))
            .Concat(curve(count - outer, 1).Select(p => (p.X, p.Y, Label: 1))).ToArray();
        random.Shuffle(points.AsSpan());
        var inputs = new double[2 * count];
        for (var i = 0; i < count; i++)
        {
            inputs[2 * i] = random.NextNormal(points[i].X, noise);
            inputs[2 * i + 1] = random.NextNormal(points[i].Y, noise);
        }
        return new LabelledPoints(inputs, points.Select(p => p.Label).ToArray(), 2);
    }
}
