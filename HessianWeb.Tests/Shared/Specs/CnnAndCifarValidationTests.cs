using HessianWeb.Shared;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Shared.Specs;

public sealed class CnnAndCifarValidationTests
{
    static readonly ExperimentSpec CnnOnMnist = new()
    {
        Data = new DataSpec { Kind = DataKind.Mnist, PerClass = 10 },
        Model = new ModelSpec { Kind = ModelKind.Cnn },
    };

    public static TheoryData<string, Func<ExperimentSpec, ExperimentSpec>> InvalidSpecs => new()
    {
        { "model.kind", s => s with { Data = new DataSpec() } },
        { "model.kind", s => s with { Data = new DataSpec { Kind = DataKind.Moons } } },
        { "model.kind", s => s with { Model = s.Model with { Kind = (ModelKind)99 } } },
        { "model.convChannels", s => s with { Model = s.Model with { ConvChannels = [] } } },
        { "model.convChannels", s => s with { Model = s.Model with { ConvChannels = null! } } },
        { "model.convChannels", s => s with { Model = s.Model with { ConvChannels = [6, 0] } } },
        { "model.convChannels", s => s with { Model = s.Model with { ConvChannels = [6, 16, 16] } } }, // 28 → 12 → 4 → nothing
        { "model.convChannels", s => s with { Model = s.Model with { ConvChannels = Enumerable.Repeat(2, 9).ToArray(), KernelSize = 1, Pool = 1 } } },
        { "model.kernelSize", s => s with { Model = s.Model with { KernelSize = 0 } } },
        { "model.kernelSize", s => s with { Model = s.Model with { KernelSize = 29 } } },
        { "model.pool", s => s with { Model = s.Model with { Pool = 0 } } },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public void An_invalid_cnn_is_named_by_its_field(string field, Func<ExperimentSpec, ExperimentSpec> change)
    {
        Assert.Empty(SpecValidator.Validate(CnnOnMnist));
        var errors = SpecValidator.Validate(change(CnnOnMnist));
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void A_cnn_on_blobs_says_it_needs_images()
    {
        var errors = SpecValidator.Validate(new ExperimentSpec { Model = new ModelSpec { Kind = ModelKind.Cnn } });

        Assert.Equal(["A CNN needs images (mnist, fashionMnist or cifar10), not blobs. Choose the MLP or an image set."], errors["model.kind"]);
    }

    [Fact]
    public void Too_many_conv_layers_for_the_images_says_how_many_fit()
    {
        var errors = SpecValidator.Validate(CnnOnMnist with { Model = CnnOnMnist.Model with { ConvChannels = [6, 16, 16] } });

        Assert.Equal(["The 28×28 images shrink to nothing in conv layer 3: with kernel 5 (no padding) and pooling 2, at most 2 conv layers fit."], errors["model.convChannels"]);
    }

    [Fact]
    public void An_mlp_ignores_the_conv_fields()
    {
        var spec = new ExperimentSpec { Model = new ModelSpec { ConvChannels = [], KernelSize = 0, Pool = 0 } };

        Assert.Empty(SpecValidator.Validate(spec));
        Assert.Equal(109, SpecLimits.ParameterCount(spec));
    }

    [Fact]
    public void Cifar_10_is_3072_values_in_ten_classes_or_the_listed_ones()
    {
        var cifar = new DataSpec { Kind = DataKind.Cifar10 };

        Assert.Equal(3_072, SpecLimits.InputDimension(cifar));
        Assert.Equal(10, SpecLimits.ClassCount(cifar));
        Assert.Equal(3, SpecLimits.ClassCount(cifar with { ClassList = [0, 4, 9] }));
        Assert.Equal(200, SpecLimits.TrainingPoints(cifar with { ClassList = [0, 4], PerClass = 100 }));
        Assert.True(SpecLimits.IsImageSet(DataKind.Cifar10));
        Assert.Equal((3, 32, 32), SpecLimits.ImageShape(DataKind.Cifar10));
        // An MLP on CIFAR-10: (3072+1)·10 + (10+1)·5 + (5+1)·10.
        Assert.Equal(30_845, SpecLimits.ParameterCount(new ExperimentSpec { Data = cifar }));
        Assert.Empty(SpecValidator.Validate(new ExperimentSpec { Data = cifar with { PerClass = 5 }, Model = new ModelSpec { Kind = ModelKind.Cnn } }));
    }

    [Fact]
    public void Spec_json_names_the_new_kinds_and_fields_and_defaults_them()
    {
        var spec = JsonFormat.Deserialize<ExperimentSpec>("""{ "data": { "kind": "cifar10" }, "model": { "kind": "cnn" } }""")!;

        Assert.Equal(DataKind.Cifar10, spec.Data.Kind);
        Assert.Equal(ModelKind.Cnn, spec.Model.Kind);
        Assert.Equal([6, 16], spec.Model.ConvChannels);
        Assert.Equal((5, 2), (spec.Model.KernelSize, spec.Model.Pool));
        Assert.Contains("\"convChannels\":[6,16]", JsonFormat.Serialize(new ExperimentSpec()));
    }
}
