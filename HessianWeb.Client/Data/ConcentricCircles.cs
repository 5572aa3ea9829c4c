using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>A small circle inside a large one, as scikit-learn's <c>make_circles</c>.</summary>
/// <remarks>
/// As make_circles: of n points, ⌊n/2⌋ lie on the unit circle (class 0) and the rest on the circle of radius factor
/// (class 1), at angles 2πi/m (i &lt; m, m points on that circle); the points are shuffled and N(0, noise²) added to
/// each coordinate. The test set is drawn the same way.
/// </remarks>
public static class ConcentricCircles
{
    public static ClassificationData Generate(DataSpec spec) =>
        PlanarSets.Generate(spec, (count, label) => Enumerable.Range(0, count).Select(i =>
        {
            var t = 2 * Math.PI * i / count;
            var radius = label == 0 ? 1 : spec.Factor;
            return (radius * Math.Cos(t), radius * Math.Sin(t));
        }));
}
