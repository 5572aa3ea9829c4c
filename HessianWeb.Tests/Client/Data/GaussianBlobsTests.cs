using HessianWeb.Client.Data;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Data;

public class GaussianBlobsTests
{
    static readonly DataSpec Spec = new() { Classes = 4, InputDim = 3, TrainSize = 102, TestSize = 50, ClusterStd = 1.0, Seed = 5 };

    [Fact]
    public void A_seed_gives_the_same_data_and_another_seed_other_data()
    {
        var first = GaussianBlobs.Generate(Spec);
        var again = GaussianBlobs.Generate(Spec);
        var other = GaussianBlobs.Generate(Spec with { Seed = 6 });

        Assert.Equal(first.Train.Inputs, again.Train.Inputs);
        Assert.Equal(first.Test.Labels, again.Test.Labels);
        Assert.NotEqual(first.Train.Inputs, other.Train.Inputs);
    }

    [Fact]
    public void Shapes_follow_the_spec_and_classes_are_balanced()
    {
        var data = GaussianBlobs.Generate(Spec);

        Assert.Equal(3, data.InputDim);
        Assert.Equal(102 * 3, data.Train.Inputs.Length);
        Assert.Equal(50, data.Test.Count);
        // 102 = 4·25 + 2: two classes of 26 and two of 25, as make_blobs splits.
        Assert.Equal([25, 25, 26, 26], data.Train.Labels.CountBy(l => l).Select(p => p.Value).Order());
        Assert.All(data.Test.Labels, l => Assert.InRange(l, 0, 3));
    }

    [Fact]
    public void Training_inputs_are_standardised_and_the_test_set_uses_the_same_transform()
    {
        var data = GaussianBlobs.Generate(Spec);
        for (var f = 0; f < data.InputDim; f++)
        {
            var column = Enumerable.Range(0, data.Train.Count).Select(i => data.Train.Point(i)[f]).ToArray();
            var mean = column.Average();
            Assert.Equal(0, mean, 1e-12);
            Assert.Equal(1, Math.Sqrt(column.Sum(x => (x - mean) * (x - mean)) / column.Length), 1e-12);
        }
    }

    [Fact]
    public void Train_and_test_points_of_a_class_come_from_the_same_centre()
    {
        // Centres lie in [−10, 10]^d with unit spread: after standardising, a class's train and test means agree
        // to a few standard errors while different classes' means are far apart.
        var data = GaussianBlobs.Generate(Spec with { TrainSize = 400, TestSize = 400 });
        static double Mean(LabelledPoints set, int label, int f) =>
            Enumerable.Range(0, set.Count).Where(i => set.Labels[i] == label).Average(i => set.Point(i)[f]);
        for (var c = 0; c < 4; c++)
            for (var f = 0; f < 3; f++)
                Assert.True(Math.Abs(Mean(data.Train, c, f) - Mean(data.Test, c, f)) < 0.25, $"class {c}, feature {f}");
    }

    [Fact]
    public void Several_clusters_per_class_give_k_times_c_centres_and_labels_below_k()
    {
        var spec = Spec with { ClustersPerClass = 3, ClusterStd = 0.01, Standardise = false };
        var centres = GaussianBlobs.Centres(spec);
        var data = GaussianBlobs.Generate(spec);

        Assert.Equal(3 * 4 * 3, centres.Length);
        Assert.All(data.Train.Labels, l => Assert.InRange(l, 0, 3));
        Assert.Equal(4, data.Train.Labels.Distinct().Count());
        // With spread 0.01 every point sits within 0.1 of a centre of its own class (centre j is class j mod 4).
        for (var i = 0; i < data.Train.Count; i++)
        {
            var p = data.Train.Point(i).ToArray();
            var nearest = Enumerable.Range(0, 12).MinBy(j => Enumerable.Range(0, 3).Sum(f => Math.Pow(p[f] - centres[j * 3 + f], 2)));
            Assert.Equal(nearest % 4, data.Train.Labels[i]);
        }
    }

    [Fact]
    public void A_separation_puts_every_centre_that_far_from_the_origin()
    {
        var centres = GaussianBlobs.Centres(Spec with { Separation = 2.5, ClustersPerClass = 2 });

        Assert.Equal(4 * 2 * 3, centres.Length);
        for (var j = 0; j < 8; j++)
            Assert.Equal(2.5, Math.Sqrt(centres.AsSpan(j * 3, 3).ToArray().Sum(x => x * x)), 1e-12);
    }

    [Fact]
    public void The_dispatcher_loads_these_blobs_for_generator_hessianWeb_and_scikit_learns_by_default()
    {
        Assert.Equal(GaussianBlobs.Generate(Spec).Train.Inputs, DataSets.Load(Spec with { Generator = DataGenerator.HessianWeb }).Train.Inputs);
        Assert.Equal(ScikitLearnBlobs.Generate(Spec).Train.Inputs, DataSets.Load(Spec).Train.Inputs);
        Assert.NotEqual(GaussianBlobs.Generate(Spec).Train.Inputs, DataSets.Load(Spec).Train.Inputs);
    }
}
