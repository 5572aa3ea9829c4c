using HessianWeb.Client.Data;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Data;

public class PlanarSetsTests
{
    public static TheoryData<DataKind> Kinds => [DataKind.Moons, DataKind.Circles];

    static DataSpec Spec(DataKind kind) => new() { Kind = kind, TrainSize = 101, TestSize = 40, Seed = 3 };

    [Theory, MemberData(nameof(Kinds))]
    public void Points_are_two_dimensional_with_two_balanced_classes(DataKind kind)
    {
        var data = DataSets.Load(Spec(kind));

        Assert.Equal(2, data.InputDim);
        Assert.Equal(2, data.Classes);
        Assert.Equal(101 * 2, data.Train.Inputs.Length);
        Assert.Equal(40, data.Test.Count);
        // 101 points: ⌊101/2⌋ = 50 on the outer curve (class 0), 51 on the inner, as scikit-learn splits.
        Assert.Equal(50, data.Train.Labels.Count(l => l == 0));
        Assert.Equal(51, data.Train.Labels.Count(l => l == 1));
        Assert.Equal(20, data.Test.Labels.Count(l => l == 0));
    }

    [Theory, MemberData(nameof(Kinds))]
    public void A_seed_gives_the_same_data_and_another_seed_other_data(DataKind kind)
    {
        var first = DataSets.Load(Spec(kind));
        var again = DataSets.Load(Spec(kind));
        var other = DataSets.Load(Spec(kind) with { Seed = 4 });

        Assert.Equal(first.Train.Inputs, again.Train.Inputs);
        Assert.Equal(first.Test.Labels, again.Test.Labels);
        Assert.NotEqual(first.Train.Inputs, other.Train.Inputs);
    }

    [Fact]
    public void Noiseless_circles_lie_on_radii_one_and_factor()
    {
        var data = DataSets.Load(Spec(DataKind.Circles) with { Noise = 0, Factor = 0.3, Standardise = false });
        for (var i = 0; i < data.Train.Count; i++)
        {
            var p = data.Train.Point(i);
            Assert.Equal(data.Train.Labels[i] == 0 ? 1.0 : 0.3, Math.Sqrt(p[0] * p[0] + p[1] * p[1]), 1e-12);
        }
    }

    [Fact]
    public void Noiseless_moons_lie_on_their_half_circles()
    {
        var data = DataSets.Load(Spec(DataKind.Moons) with { Noise = 0, Standardise = false });
        for (var i = 0; i < data.Train.Count; i++)
        {
            var p = data.Train.Point(i);
            var (cx, cy, upper) = data.Train.Labels[i] == 0 ? (0.0, 0.0, true) : (1.0, 0.5, false);
            Assert.Equal(1.0, Math.Sqrt((p[0] - cx) * (p[0] - cx) + (p[1] - cy) * (p[1] - cy)), 1e-12);
            Assert.True(upper ? p[1] >= -1e-12 : p[1] <= 0.5 + 1e-12);
        }
    }
}
