using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>Two interleaving half circles in the plane, as scikit-learn's <c>make_moons</c>.</summary>
/// <remarks>
/// As make_moons: of n points, ⌊n/2⌋ lie on the upper moon (cos t, sin t) (class 0) and the rest on the lower
/// (1 − cos t, 0.5 − sin t) (class 1), t evenly spaced over [0, π] on each; the points are shuffled and N(0, noise²)
/// added to each coordinate. The test set is drawn the same way.
/// </remarks>
public static class TwoMoons
{
    public static ClassificationData Generate(DataSpec spec) =>
        PlanarSets.Generate(spec, (count, label) => Enumerable.Range(0, count).Select(i =>
        {
            var t = count == 1 ? 0 : Math.PI * i / (count - 1);
            return label == 0 ? (Math.Cos(t), Math.Sin(t)) : (1 - Math.Cos(t), 0.5 - Math.Sin(t));
        }));
}
