using HessianWeb.Shared;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Shared.Specs;

public sealed class SpecValidatorTests
{
    [Fact]
    public void The_authors_defaults_are_valid_and_have_109_parameters()
    {
        var spec = new ExperimentSpec();
        Assert.Empty(SpecValidator.Validate(spec));
        // 2→10→5→4 with biases: 30 + 55 + 24.
        Assert.Equal(109, SpecLimits.ParameterCount(spec));
        Assert.True(SpecLimits.ComputesExact(spec));
    }

    public static TheoryData<string, Func<ExperimentSpec, ExperimentSpec>> InvalidSpecs => new()
    {
        { "training.learningRate", s => s with { Training = s.Training with { LearningRate = double.NaN } } },
        { "training.learningRate", s => s with { Training = s.Training with { LearningRate = -0.1 } } },
        { "training.batchSize", s => s with { Training = s.Training with { BatchSize = 0 } } },
        { "training.batchSize", s => s with { Training = s.Training with { BatchSize = 101 } } },
        { "training.epochs", s => s with { Training = s.Training with { Epochs = -1 } } },
        { "training.gradNormTolerance", s => s with { Training = s.Training with { GradNormTolerance = double.PositiveInfinity } } },
        { "data.classes", s => s with { Data = s.Data with { Classes = 1 } } },
        { "data.inputDim", s => s with { Data = s.Data with { InputDim = 0 } } },
        { "data.clusterStd", s => s with { Data = s.Data with { ClusterStd = 0 } } },
        { "data.trainSize", s => s with { Data = s.Data with { TrainSize = 3 } } },
        { "data.clustersPerClass", s => s with { Data = s.Data with { ClustersPerClass = 0 } } },
        { "data.separation", s => s with { Data = s.Data with { Separation = -1 } } },
        { "data.generator", s => s with { Data = s.Data with { Generator = (DataGenerator)7 } } },
        { "data.seed", s => s with { Data = s.Data with { Seed = -1 } } },
        { "data.noise", s => s with { Data = s.Data with { Noise = double.NaN } } },
        { "data.factor", s => s with { Data = s.Data with { Factor = 1 } } },
        { "data.perClass", s => s with { Data = s.Data with { Kind = DataKind.FashionMnist, PerClass = 0 } } },
        { "data.classList", s => s with { Data = s.Data with { Kind = DataKind.FashionMnist, ClassList = [3, 3] } } },
        { "data.classList", s => s with { Data = s.Data with { Kind = DataKind.Mnist, ClassList = [3, 10] } } },
        { "data.directory", s => s with { Data = s.Data with { Kind = DataKind.Mnist, Directory = " " } } },
        { "model.hiddenWidths", s => s with { Model = s.Model with { HiddenWidths = [10, 0] } } },
        { "model.hiddenWidths", s => s with { Model = s.Model with { HiddenWidths = [100_000, 100_000] } } },
        { "model.initStd", s => s with { Model = s.Model with { InitStd = double.NaN } } },
        { "analysis.lanczosK", s => s with { Analysis = s.Analysis with { LanczosK = 0 } } },
        { "analysis.lanczosMaxSteps", s => s with { Analysis = s.Analysis with { LanczosK = 20, LanczosMaxSteps = 10 } } },
        { "analysis.exact", s => s with { Model = s.Model with { HiddenWidths = [100, 100] }, Analysis = s.Analysis with { Exact = ExactSpectrumMode.Always } } },
        { "name", s => s with { Name = " " } },
        { "analysis.density.gridPoints", s => s with { Analysis = s.Analysis with { Density = s.Analysis.Density with { Probes = 100, GridPoints = 2_000 } } } },
        { "analysis.lanczosMaxSteps", s => s with { Model = s.Model with { HiddenWidths = [2000, 2000] }, Analysis = s.Analysis with { LanczosMaxSteps = 1000 } } },
    };

    [Fact]
    public void A_negative_data_seed_is_fine_for_the_xoshiro_blobs_and_for_moons()
    {
        Assert.Empty(SpecValidator.Validate(new ExperimentSpec { Data = new DataSpec { Seed = -1, Generator = DataGenerator.HessianWeb } }));
        Assert.Empty(SpecValidator.Validate(new ExperimentSpec { Data = new DataSpec { Seed = -1, Kind = DataKind.Moons } }));
    }

    [Fact]
    public void Image_sets_and_planar_sets_count_parameters_with_their_own_shapes()
    {
        // Fashion-MNIST, classes 3 and 7: 784→10→5→2 is 7,850 + 55 + 12; the spec's inputDim 2 and classes 4 are ignored.
        var images = new ExperimentSpec { Data = new DataSpec { Kind = DataKind.FashionMnist, ClassList = [3, 7], PerClass = 50 } };
        Assert.Equal(784, SpecLimits.InputDimension(images.Data));
        Assert.Equal(7_917, SpecLimits.ParameterCount(images));
        Assert.Empty(SpecValidator.Validate(images));
        // Moons: 2→10→5→2 is 30 + 55 + 12, whatever the spec's classes say.
        var moons = new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Moons, Classes = 7 } };
        Assert.Equal(97, SpecLimits.ParameterCount(moons));
        Assert.Empty(SpecValidator.Validate(moons));
    }

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void An_invalid_value_is_named_by_its_field(string field, Func<ExperimentSpec, ExperimentSpec> change)
    {
        var errors = SpecValidator.Validate(change(new ExperimentSpec()));
        Assert.Contains(field, errors.Keys);
        Assert.All(errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public void Every_bad_field_is_reported_not_just_the_first()
    {
        var spec = new ExperimentSpec
        {
            Data = new DataSpec { Classes = 0 },
            Training = new TrainingSpec { LearningRate = 0 },
        };
        var errors = SpecValidator.Validate(spec);
        Assert.Contains("data.classes", errors.Keys);
        Assert.Contains("training.learningRate", errors.Keys);
    }

    [Fact]
    public void Too_big_for_the_exact_hessian_states_the_memory_it_would_need()
    {
        var spec = new ExperimentSpec
        {
            Model = new ModelSpec { HiddenWidths = [100, 100] },
            Analysis = new AnalysisSpec { Exact = ExactSpectrumMode.Always },
        };
        var message = Assert.Single(SpecValidator.Validate(spec)["analysis.exact"]);
        Assert.Contains("GB", message);
        Assert.Contains("10,", message); // 10,x parameters named
    }

    [Fact]
    public void A_float32_models_lanczos_basis_is_counted_in_float32()
    {
        // 2→600→1000→4 with biases is 606,804 parameters: 1,001 basis vectors are 4.9 GB in float64, 2.4 GB in float32.
        var spec = new ExperimentSpec
        {
            Model = new ModelSpec { HiddenWidths = [600, 1000] },
            Analysis = new AnalysisSpec { LanczosMaxSteps = 1_000, Exact = ExactSpectrumMode.Never },
        };
        Assert.Equal(606_804, SpecLimits.ParameterCount(spec));
        Assert.Contains("analysis.lanczosMaxSteps", SpecValidator.Validate(spec).Keys);

        var single = spec with { Model = spec.Model with { Dtype = ModelDtype.Float32 } };
        Assert.Equal(1_001L * 606_804 * 4, SpecLimits.LanczosBasisBytes(single));
        Assert.DoesNotContain("analysis.lanczosMaxSteps", SpecValidator.Validate(single).Keys);
    }

    [Fact]
    public void The_parameter_limit_follows_from_the_workers_memory()
    {
        // 784 → 8,000 → 10 with biases: 6,360,010 parameters, above the 5M the hub's message size once allowed. Each takes
        // 6·8 B in the model's precision, (4 + 10 + 5)·8 B of float64 vectors, and 8 B per Lanczos basis row.
        var spec = new ExperimentSpec
        {
            Data = new DataSpec { InputDim = 784, Classes = 10 },
            Model = new ModelSpec { HiddenWidths = [8_000] },
            Analysis = new AnalysisSpec { LanczosMaxSteps = 20, Exact = ExactSpectrumMode.Never },
        };
        Assert.Equal(6_360_010, SpecLimits.ParameterCount(spec));
        Assert.Equal(200, SpecLimits.BytesPerParameter(spec));
        // 21 basis rows: 6,360,010 × (200 + 168) B = 2.3 GB fits the worker's 4 GiB.
        Assert.Equal(6_360_010L * 368, SpecLimits.MemoryBytes(spec, 20));
        Assert.Equal((4L << 30) / 368, SpecLimits.MaxParameters(spec));
        Assert.Empty(SpecValidator.Validate(spec));

        // 100 steps: 6.4 GB, more than the worker has, though 15 steps (top 10 + bottom 5) would fit: the step limit is named.
        var longer = spec with { Analysis = spec.Analysis with { LanczosMaxSteps = 100 } };
        Assert.Equal(["analysis.lanczosMaxSteps"], SpecValidator.Validate(longer).Keys);
        // Four times the width fits no step limit: the model is named, with what a worker holds.
        var wider = spec with { Model = spec.Model with { HiddenWidths = [32_000] } };
        var message = Assert.Single(SpecValidator.Validate(wider)["model.hiddenWidths"]);
        Assert.Contains("25,440,010 parameters", message);
        Assert.Contains($"at most {SpecLimits.MaxParameters(wider):N0}", message);
    }

    [Fact]
    public void Spec_json_round_trips_with_lower_case_enums_and_defaults_for_missing_fields()
    {
        var spec = JsonFormat.Deserialize<ExperimentSpec>("""{"model":{"activation":"tanh"},"analysis":{"exact":"never"}}""")!;
        Assert.Equal(Activation.Tanh, spec.Model.Activation);
        Assert.Equal(ExactSpectrumMode.Never, spec.Analysis.Exact);
        Assert.Equal(new[] { 10, 5 }, spec.Model.HiddenWidths);
        Assert.Equal(0.1, spec.Training.LearningRate);
        var json = JsonFormat.Serialize(spec);
        Assert.Contains("\"activation\":\"tanh\"", json);
        Assert.Equal(spec.Model.HiddenWidths, JsonFormat.Deserialize<ExperimentSpec>(json)!.Model.HiddenWidths);
    }
}
