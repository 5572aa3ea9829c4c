using System.Text.Json;
using HessianWeb.Client.Curvature;
using HessianWeb.Client.Models;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Models;

/// <summary>The ResNet-style TorchScript fixture (make_resnet.py): skip connections, a projection shortcut, batch norms in eval.</summary>
public class TorchScriptNetworkTests
{
    sealed record Reference(int ParameterCount, string[] Parameters, double Loss, double[] Eigenvalues);

    static readonly Reference Expected = JsonSerializer.Deserialize<Reference>(
        File.ReadAllText(UploadFixtures.Path("resnet_hessian.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    static TorchScriptNetwork Load(ScalarType dtype = ScalarType.Float64, string? weights = null) =>
        (TorchScriptNetwork)Network.Create(new ModelSpec { Kind = ModelKind.Torchscript }, new DataSpec { Kind = DataKind.Tensors }, 72, 3, torch.CPU, dtype,
            new ModelFiles(UploadFixtures.Path("resnet.pt"), weights, UploadFixtures.PointShape));

    [Fact]
    public void The_exact_spectrum_matches_an_independent_dense_hessian_of_the_same_network_to_1e_8_of_scale()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Load();
        var (x, y) = UploadFixtures.Data();
        Assert.Equal(Expected.Parameters, model.ParameterNames);
        Assert.Equal(Expected.ParameterCount, model.ParameterCount);

        // The checkpoint analysis's route: batched Hessian-vector products, the explicit matrix, LAPACK's eigenvalues.
        using var objective = new TrainingObjective(model.Parameters.Cast<Tensor>().ToArray(), model.forward, x, y, model.Classes);
        using var hessian = new BatchedHessianVectorProduct(objective);
        var eigenvalues = ExactHessian.Eigenvalues(ExactHessian.Assemble(hessian), objective.Dimension, torch.CPU);

        Assert.Equal(Expected.Loss, objective.MeanLoss(), 1e-12);
        var reference = Expected.Eigenvalues.OrderDescending().ToArray();
        var scale = reference.Max(Math.Abs);
        var worst = eigenvalues.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst <= 1e-8 * scale, $"max |λ_app − λ_ref| = {worst:g3}, scale {scale:g3}");
        Assert.True(reference[^1] < -1e-3 * scale, "an indefinite Hessian: negative curvature is part of the check");
    }

    [Fact]
    public void Stays_in_eval_mode_when_asked_to_train_so_batch_norms_use_their_running_statistics()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Load();
        var (x, _) = UploadFixtures.Data();
        var before = model.forward(x).detach();
        model.train();
        Assert.False(model.training);
        Assert.Equal(0, (model.forward(x) - before).abs().max().item<double>());
    }

    [Fact]
    public void Float32_converts_the_parameters_and_buffers_and_gives_the_same_outputs_to_float32s_precision()
    {
        using var scope = torch.NewDisposeScope();
        using var wide = Load();
        using var narrow = Load(ScalarType.Float32);
        var (x, _) = UploadFixtures.Data();
        Assert.Equal(ScalarType.Float32, narrow.DType);
        var difference = (narrow.forward(x.to(ScalarType.Float32)).to(ScalarType.Float64) - wide.forward(x)).abs().max().item<double>();
        Assert.InRange(difference, 0, 1e-5);
    }

    [Fact]
    public void Weights_replace_the_files_by_name_from_a_state_dict_or_safetensors_and_unknown_names_are_refused()
    {
        using var scope = torch.NewDisposeScope();
        using var plain = Load();
        using var same = Load(weights: UploadFixtures.Path("resnet_state.pt"));
        Assert.Equal(plain.GetFlatParameters(), same.GetFlatParameters());

        // A safetensors file naming one parameter and one buffer, float32: those change (converted), the rest keep the file's.
        var folder = Directory.CreateTempSubdirectory("torchscript-weights-").FullName;
        try
        {
            var head = torch.full([3, 4], 0.25, dtype: ScalarType.Float32);
            var mean = torch.full([3], -1.5, dtype: ScalarType.Float32);
            var path = Path.Combine(folder, "head.safetensors");
            using (var stream = File.Create(path))
                TorchSharp.PyBridge.Safetensors.SaveStateDict(stream, new Dictionary<string, Tensor> { ["head.weight"] = head, ["stem.1.running_mean"] = mean });
            using var changed = Load(weights: path);
            var names = changed.ParameterNames.ToList();
            Assert.Equal(0.25, changed.Parameters[names.IndexOf("head.weight")][2, 3].item<double>());
            Assert.Equal(plain.Parameters[0].data<double>().ToArray(), changed.Parameters[0].data<double>().ToArray());
            var (x, _) = UploadFixtures.Data();
            Assert.True((changed.forward(x) - plain.forward(x)).abs().max().item<double>() > 1e-3);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        var error = Assert.Throws<InvalidDataException>(() => Load(weights: UploadFixtures.Path("sequential_state.pt")));
        Assert.Contains("sequential_state.pt has '", error.Message);
        Assert.Contains("stem.0.weight", error.Message);
    }

    [Fact]
    public void A_point_shape_that_does_not_hold_the_datas_values_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => Network.Create(new ModelSpec { Kind = ModelKind.Torchscript }, new DataSpec { Kind = DataKind.Tensors },
            70, 3, torch.CPU, ScalarType.Float64, new ModelFiles(UploadFixtures.Path("resnet.pt"), null, UploadFixtures.PointShape)));
        Assert.StartsWith("A point of shape [2, 6, 6] does not hold the data's 70 values.", error.Message);
    }
}
