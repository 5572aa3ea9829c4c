using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Training;

/// <summary>The training objective: mean softmax cross-entropy (negative log-likelihood) over a set.</summary>
public static class CrossEntropy
{
    /// <summary>The mean loss as a graph-connected scalar tensor (for gradients and Hessian-vector products).</summary>
    public static Tensor Loss(Network model, Tensor inputs, Tensor labels) =>
        nn.functional.cross_entropy(model.forward(inputs), labels);

    /// <summary>Mean loss and accuracy, no graph kept.</summary>
    public static (double Loss, double Accuracy) Evaluate(Network model, DataTensors data) =>
        TrainingLoss.Evaluate(model, data, LossFunction.CrossEntropy);

    public static double Accuracy(Tensor logits, Tensor labels) =>
        logits.argmax(1).eq(labels).to_type(ScalarType.Float64).mean().item<double>();
}
