using HessianWeb.Client.Data;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Client.Data.ScikitLearn;

namespace HessianWeb.Tests.Client.Data;

/// <summary>
/// The default blobs against Debian's scikit-learn, run live: every coordinate and label must be equal, 0 ULP.
/// </summary>
public class ScikitLearnBlobsTests
{
    public static TheoryData<DataSpec> Cases => new()
    {
        // The quickstart's data: 4 classes in 2-D, 100 + 100 points.
        new DataSpec { Classes = 4, InputDim = 2, TrainSize = 100, TestSize = 100, ClusterStd = 1.0, Seed = 0 },
        new DataSpec { Classes = 2, InputDim = 2, TrainSize = 50, TestSize = 31, ClusterStd = 0.5, Seed = 1 },
        new DataSpec { Classes = 10, InputDim = 5, TrainSize = 1000, TestSize = 203, ClusterStd = 2.0, Seed = 42 },
        // d = 1: numpy sums the contiguous column pairwise (377 points: blocks of 128 and a halving).
        new DataSpec { Classes = 3, InputDim = 1, TrainSize = 300, TestSize = 77, ClusterStd = 1.5, Seed = 7 },
        // d = 1 beyond numpy's 8,192-element buffer.
        new DataSpec { Classes = 5, InputDim = 1, TrainSize = 9000, TestSize = 1001, ClusterStd = 1.0, Seed = 3 },
        new DataSpec { Classes = 7, InputDim = 3, TrainSize = 13, TestSize = 0, ClusterStd = 0.25, Seed = 123 },
        new DataSpec { Classes = 6, InputDim = 20, TrainSize = 500, TestSize = 500, ClusterStd = 3.0, Seed = 2024 },
        // Huge spreads: the mean is off by more than 1e-8 after centring, so scale subtracts the residual mean.
        new DataSpec { Classes = 4, InputDim = 2, TrainSize = 1000, TestSize = 0, ClusterStd = 1e9, Seed = 8 },
        new DataSpec { Classes = 4, InputDim = 1, TrainSize = 1000, TestSize = 0, ClusterStd = 1e9, Seed = 8 },
        // Tiny spreads: dividing blows the residual mean up past 1e-8, so scale subtracts it after dividing.
        new DataSpec { Classes = 1, InputDim = 2, TrainSize = 200, TestSize = 0, ClusterStd = 1e-12, Seed = 4 },
        // HessianWeb's extensions, against their stated Python equivalents.
        new DataSpec { Classes = 3, InputDim = 2, TrainSize = 120, TestSize = 40, ClustersPerClass = 2, Seed = 11 },
        new DataSpec { Classes = 4, InputDim = 3, TrainSize = 80, TestSize = 20, Separation = 3.0, Seed = 5 },
        new DataSpec { Classes = 4, InputDim = 2, TrainSize = 60, TestSize = 40, Standardise = false, Seed = 9 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Blobs_equal_scikit_learns_bit_for_bit(DataSpec spec)
    {
        var (versions, labels, rows) = ScikitLearnReference.MakeBlobs(spec);
        var data = ScikitLearnBlobs.Generate(spec);

        var inputs = data.Train.Inputs.Concat(data.Test.Inputs).ToArray();
        Assert.Equal(labels, data.Train.Labels.Concat(data.Test.Labels));
        Assert.Equal(rows.Length, inputs.Length);
        for (var i = 0; i < inputs.Length; i++)
            if (BitConverter.DoubleToInt64Bits(inputs[i]) != BitConverter.DoubleToInt64Bits(rows[i]))
                Assert.Fail($"Point {i / spec.InputDim}, feature {i % spec.InputDim}: {inputs[i]:R} here, {rows[i]:R} from {versions}.");
    }

    [Fact]
    public void The_first_train_size_points_train_and_the_rest_test()
    {
        var spec = new DataSpec { Classes = 3, InputDim = 2, TrainSize = 10, TestSize = 5, Seed = 2 };
        var (inputs, labels) = ScikitLearnBlobs.Points(spec);
        var data = ScikitLearnBlobs.Generate(spec);

        Assert.Equal(inputs[..20], data.Train.Inputs);
        Assert.Equal(inputs[20..], data.Test.Inputs);
        Assert.Equal(labels[10..], data.Test.Labels);
    }

    [Fact]
    public void Separation_puts_every_centre_that_far_from_the_origin()
    {
        var spec = new DataSpec { Classes = 3, InputDim = 4, ClustersPerClass = 2, Separation = 2.5, Seed = 6 };
        var centres = ScikitLearnBlobs.Centres(spec);
        for (var j = 0; j < 6; j++)
            Assert.Equal(2.5, Math.Sqrt(centres.Skip(j * 4).Take(4).Sum(x => x * x)), 1e-12);
    }

    [Fact]
    public void A_negative_seed_is_refused_as_numpy_refuses_it()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ScikitLearnBlobs.Generate(new DataSpec { Seed = -1 }));
        Assert.Contains("seed of 0 or above", error.Message);
    }
}
