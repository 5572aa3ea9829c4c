using System.Text.Json;
using HessianWeb.Client.Models;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Models;

public sealed class SequentialNetworkTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("sequential-network-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void A_layer_list_with_batch_norms_layer_norm_and_dropout_gives_pytorchs_eval_outputs_to_1e_12()
    {
        using var scope = torch.NewDisposeScope();
        using var model = (SequentialNetwork)Network.Create(new ModelSpec { Kind = ModelKind.Sequential }, new DataSpec { Kind = DataKind.Tensors }, 72, 3,
            torch.CPU, ScalarType.Float64, new ModelFiles(UploadFixtures.Path("sequential.json"), UploadFixtures.Path("sequential_state.pt"), null));
        var (x, _) = UploadFixtures.Data();
        var expected = JsonSerializer.Deserialize<double[][]>(File.ReadAllText(UploadFixtures.Path("sequential_outputs.json")))!;

        model.train(); // ignored: always eval
        var outputs = model.forward(x.narrow(0, 0, 5));

        var list = SequentialLayers.Parse(File.ReadAllText(UploadFixtures.Path("sequential.json")));
        Assert.Equal(SequentialLayers.Parameters(list).Select(p => p.Name), model.ParameterNames);
        Assert.Equal(SequentialLayers.Inspect(list).ParameterCount, model.ParameterCount);
        for (var i = 0; i < expected.Length; i++)
            for (var j = 0; j < 3; j++)
                Assert.Equal(expected[i][j], outputs[i, j].item<double>(), 1e-12);
    }

    [Theory]
    [InlineData(Activation.Tanh, true, "safetensors")]
    [InlineData(Activation.Identity, false, "pt")]
    public void An_mlps_layer_list_and_weights_give_the_mlps_outputs(Activation activation, bool bias, string format)
    {
        var spec = new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Blobs, InputDim = 4, Classes = 3 },
            Model = new ModelSpec { HiddenWidths = [5, 6], Activation = activation, Bias = bias, InitStd = 0.7, Seed = 2 } };
        AssertSameOutputs(spec, format, torch.randn(10, 4, dtype: ScalarType.Float64));
    }

    [Theory]
    [InlineData("pt")]
    [InlineData("safetensors")]
    public void A_cnns_layer_list_and_weights_give_the_cnns_outputs(string format)
    {
        var spec = new ExperimentSpec { Data = new DataSpec { Kind = DataKind.Mnist },
            Model = new ModelSpec { Kind = ModelKind.Cnn, ConvChannels = [3, 4], KernelSize = 5, Pool = 2, HiddenWidths = [7], InitStd = 0.3, Seed = 4 } };
        AssertSameOutputs(spec, format, torch.randn(6, 784, dtype: ScalarType.Float64));
    }

    [Fact]
    public void Weights_missing_a_tensor_or_of_another_shape_are_refused_naming_the_file_and_tensor()
    {
        var spec = new ModelSpec { HiddenWidths = [3] };
        var data = new DataSpec { Kind = DataKind.Blobs, InputDim = 2, Classes = 2 };
        using var mlp = Network.Create(spec, data, 2, 2, torch.CPU);
        var list = SequentialLayers.From(spec, data);

        var missing = Save(mlp.ParameterNames.Zip(mlp.Parameters, (n, p) => (n, (Tensor)p)).Where(t => t.n != "2.bias"), "model.safetensors");
        var error = Assert.Throws<InvalidDataException>(() => SequentialNetwork.Create(list, missing, 2, torch.CPU, ScalarType.Float64));
        Assert.Contains("model.safetensors has no tensor '2.bias'; the model needs 0.weight, 0.bias, 2.weight, 2.bias", error.Message);

        var wrong = Save(mlp.ParameterNames.Zip(mlp.Parameters, (n, p) => (n, n == "0.weight" ? torch.zeros(2, 3, dtype: ScalarType.Float64) : (Tensor)p)), "wrong.safetensors");
        error = Assert.Throws<InvalidDataException>(() => SequentialNetwork.Create(list, wrong, 2, torch.CPU, ScalarType.Float64));
        Assert.Contains("wrong.safetensors's '0.weight' is [2, 3]; the model's is [3, 2]", error.Message);

        File.WriteAllText(Path.Combine(folder, "model.json"), JsonSerializer.Serialize(list, HessianWeb.Shared.JsonFormat.Options));
        error = Assert.Throws<InvalidDataException>(() => SequentialNetwork.Load(Path.Combine(folder, "model.json"), missing, 3, 2, torch.CPU, ScalarType.Float64));
        Assert.Equal("The layer list takes points of shape [2] (2 values); the data's have 3.", error.Message);
    }

    void AssertSameOutputs(ExperimentSpec spec, string format, Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var classes = SpecLimits.ClassCount(spec.Data);
        using var builtIn = Network.Create(spec.Model, spec.Data, SpecLimits.InputDimension(spec.Data), classes, torch.CPU);
        var weights = Save(builtIn.ParameterNames.Zip(builtIn.Parameters, (n, p) => (n, (Tensor)p)), $"model.{format}");
        var list = SequentialLayers.From(spec.Model, spec.Data);
        File.WriteAllText(Path.Combine(folder, "model.json"), JsonSerializer.Serialize(list, HessianWeb.Shared.JsonFormat.Options));

        using var uploaded = Network.Create(spec.Model with { Kind = ModelKind.Sequential }, spec.Data, SpecLimits.InputDimension(spec.Data), classes,
            torch.CPU, ScalarType.Float64, new ModelFiles(Path.Combine(folder, "model.json"), weights, null));

        Assert.Equal(builtIn.ParameterNames, uploaded.ParameterNames);
        Assert.Equal(builtIn.GetFlatParameters(), uploaded.GetFlatParameters());
        var difference = (uploaded.forward(x) - builtIn.forward(x)).abs().max().item<double>();
        Assert.True(difference <= 1e-12, $"outputs differ by {difference:g3}");
    }

    /// <summary>A state dict as PyTorch writes it (.pt, torch.save's zip) or as safetensors, through TorchSharp.PyBridge.</summary>
    string Save(IEnumerable<(string Name, Tensor Tensor)> tensors, string name)
    {
        var path = Path.Combine(folder, name);
        var dictionary = tensors.ToDictionary(t => t.Name, t => t.Tensor.detach());
        using var stream = File.Create(path);
        if (name.EndsWith(".pt", StringComparison.Ordinal)) PyTorchPickler.PickleStateDict(stream, dictionary);
        else Safetensors.SaveStateDict(stream, dictionary);
        return path;
    }
}
