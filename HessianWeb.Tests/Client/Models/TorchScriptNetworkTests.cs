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
    public void Weights_from_a_state_dict_replace_the_files_and_unknown_names_are_refused_with_the_models_names()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Load(weights: UploadFixtures.Path("resnet_state.pt"));
        using var plain = Load();
        Assert.Equal(plain.GetFlatParameters(), model.GetFlatParameters());

        var error = Assert.Throws<InvalidDataException>(() => Load(weights: UploadFixtures.Path("sequential_state.pt")));
        Assert.Contains("sequential_state.pt has '", error.Message);
        Assert.Contains("stem.0.weight", error.Message);
    }
}
