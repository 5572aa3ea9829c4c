using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Training;

/// <summary>
/// The mean loss (1/N)·Σ_i ℓ(f(w, x_i), y_i) that training descends, for each <see cref="LossFunction"/>: the same ℓ
/// that <see cref="TrainingObjective"/> differentiates for the curvature, so the spectra are those of the loss trained on.
/// </summary>
public static class TrainingLoss
{
    /// <summary>The spec's loss as the curvature engine names it.</summary>
    public static LossFunction Of(LossKind kind) => kind switch
    {
        LossKind.CrossEntropy => LossFunction.CrossEntropy,
        LossKind.Mse => LossFunction.MeanSquaredError,
        _ => throw new ArgumentOutOfRangeException(nameof(kind), $"Unknown loss {kind}."),
    };

    /// <summary>The mean loss of the outputs as a graph-connected scalar tensor.</summary>
    /// <remarks>Mean squared error: torch's mse_loss, mean over the N×C entries against one-hot targets, is
    /// (1/N)·Σ_i (1/C)·‖f_i − e_{y_i}‖², the ℓ of <see cref="LossFunction.MeanSquaredError"/>.</remarks>
    public static Tensor Mean(LossFunction loss, Tensor outputs, Tensor labels) => loss switch
    {
        LossFunction.CrossEntropy => nn.functional.cross_entropy(outputs, labels),
        LossFunction.MeanSquaredError => nn.functional.mse_loss(outputs, OneHot(outputs, labels), nn.Reduction.Mean),
        _ => throw new ArgumentOutOfRangeException(nameof(loss), $"Unknown loss {loss}."),
    };

    /// <summary>Mean loss and accuracy (arg-max of the outputs), no graph kept.</summary>
    public static (double Loss, double Accuracy) Evaluate(Network model, DataTensors data, LossFunction loss)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var outputs = model.forward(data.Inputs);
        return (TrainingLoop.Scalar(Mean(loss, outputs, data.Labels)), CrossEntropy.Accuracy(outputs, data.Labels));
    }

    static Tensor OneHot(Tensor outputs, Tensor labels) =>
        torch.zeros_like(outputs).scatter_(1, labels.unsqueeze(1), torch.ones([outputs.shape[0], 1], dtype: outputs.dtype, device: outputs.device));
}
