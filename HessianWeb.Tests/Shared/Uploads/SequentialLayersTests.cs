using HessianWeb.Shared;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Tests.Shared.Uploads;

public sealed class SequentialLayersTests
{
    [Fact]
    public void The_quickstart_MLP_as_a_layer_list_has_the_names_and_shapes_its_weights_are_saved_under()
    {
        var model = SequentialLayers.From(new ModelSpec(), new DataSpec());

        Assert.Equal([2L], model.InputShape);
        Assert.Equal(["Linear", "ReLU", "Linear", "ReLU", "Linear"], model.Layers.Select(l => l.Type));
        var parameters = SequentialLayers.Parameters(model);
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias"], parameters.Select(p => p.Name));
        Assert.Equal([[10L, 2], [10], [5, 10], [5], [4, 5], [4]], parameters.Select(p => p.Shape));
        Assert.Equal(SpecLimits.ParameterCount(new ExperimentSpec()), SequentialLayers.Inspect(model).ParameterCount);
        Assert.Equal([4L], SequentialLayers.OutputShape(model));
    }

    [Fact]
    public void The_default_CNN_as_a_layer_list_puts_its_layers_at_the_indices_Cnn_names_them_by()
    {
        var data = new DataSpec { Kind = DataKind.FashionMnist, ClassList = [0, 1, 2] };
        var spec = new ModelSpec { Kind = ModelKind.Cnn, Activation = Activation.Identity };

        var model = SequentialLayers.From(spec, data);

        Assert.Equal([1L, 28, 28], model.InputShape);
        // Cnn.cs: conv i at 3i, Flatten at 3L, Linear j at 3L + 1 + 2j; the identity still takes its index.
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias", "11.weight", "11.bias"],
            SequentialLayers.Parameters(model).Select(p => p.Name));
        Assert.Equal("Identity", model.Layers[1].Type);
        Assert.Equal([3L], SequentialLayers.OutputShape(model));
        Assert.Equal(SpecLimits.ParameterCount(new ExperimentSpec { Data = data, Model = spec }), SequentialLayers.Inspect(model).ParameterCount);
    }

    [Fact]
    public void A_layer_list_survives_JSON_and_reads_every_layer_type_with_its_shapes()
    {
        var model = new SequentialModelFile
        {
            InputShape = [2, 8, 8],
            Layers =
            [
                new() { Type = "Conv2d", InChannels = 2, OutChannels = 4, KernelSize = 3, Padding = 1, Bias = false },
                new() { Type = "BatchNorm2d", NumFeatures = 4 },
                new() { Type = "GELU" },
                new() { Type = "AvgPool2d", KernelSize = 2 },
                new() { Type = "MaxPool2d", KernelSize = 3, Stride = 1, Padding = 1 },
                new() { Type = "Dropout", P = 0.2 },
                new() { Type = "Flatten" },
                new() { Type = "LayerNorm", NormalizedShape = [64] },
                new() { Type = "Linear", InFeatures = 64, OutFeatures = 6 },
                new() { Type = "BatchNorm1d", NumFeatures = 6 },
                new() { Type = "Tanh" },
                new() { Type = "Sigmoid" },
                new() { Type = "Linear", InFeatures = 6, OutFeatures = 3 },
            ],
        };

        var read = SequentialLayers.Parse(JsonFormat.Serialize(model));
        var contents = SequentialLayers.Inspect(read);

        Assert.Equal(["0.weight", "1.weight", "1.bias", "7.weight", "7.bias", "8.weight", "8.bias", "9.weight", "9.bias", "12.weight", "12.bias"],
            contents.Parameters);
        Assert.Equal(4 * 2 * 9 + 4 + 4 + 64 + 64 + 64 * 6 + 6 + 6 + 6 + 6 * 3 + 3, contents.ParameterCount);
        Assert.Equal(["1.running_mean", "1.running_var", "1.num_batches_tracked", "9.running_mean", "9.running_var", "9.num_batches_tracked"],
            SequentialLayers.Buffers(read).Select(b => b.Name));
        Assert.Equal("0: Conv2d(2 → 4, 3×3, stride 1, padding 1, no bias) → [4, 8, 8]", contents.Architecture[1]);
        Assert.Equal("3: AvgPool2d(2×2, stride 2, padding 0) → [4, 4, 4]", contents.Architecture[4]);
        Assert.Equal([3L], SequentialLayers.OutputShape(read));
    }

    [Theory]
    [InlineData("""{"format":"hessianweb.sequential/1","inputShape":[4],"layers":[{"type":"Linear","inFeatures":3,"outFeatures":2}]}""", "Layer 0 (Linear) on input [4]: inFeatures is 3")]
    [InlineData("""{"format":"hessianweb.sequential/1","inputShape":[4],"layers":[{"type":"ReLU"},{"type":"Softmax"}]}""", "Layer 1 (Softmax) on input [4]: 'Softmax' is not a layer this reads")]
    [InlineData("""{"format":"hessianweb.sequential/1","inputShape":[4],"layers":[{"type":"Conv2d","inChannels":1,"outChannels":2,"kernelSize":3}]}""", "Conv2d takes images [channels, height, width], not [4]")]
    [InlineData("""{"format":"hessianweb.sequential/1","inputShape":[1,2,2],"layers":[{"type":"Conv2d","inChannels":1,"outChannels":2,"kernelSize":3}]}""", "a side of 2 (padding 0) is smaller than the 3×3 kernel")]
    [InlineData("""{"format":"hessianweb.sequential/1","inputShape":[4],"layers":[{"type":"Linear","outFeatures":2}]}""", "it needs inFeatures")]
    [InlineData("""{"format":"keras/2","inputShape":[4],"layers":[]}""", "format is 'keras/2'")]
    [InlineData("""[1, 2]""", "not valid JSON of the form")]
    public void A_wrong_layer_list_is_refused_naming_the_layer(string json, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => SequentialLayers.Parse(json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
