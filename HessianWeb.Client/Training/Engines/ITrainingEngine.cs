using HessianWeb.Client.Data;

namespace HessianWeb.Client.Training.Engines;

/// <summary>The training set's loss, accuracy and full-batch gradient norm at the current parameters.</summary>
internal readonly record struct TrainingMeasure(double Loss, double Accuracy, double GradNorm);

/// <summary>
/// How <see cref="TrainingLoop"/> computes losses and gradients and takes steps: through TorchSharp's autograd
/// (<see cref="TorchEngine"/>, any network, any device) or in one managed loop nest for a small MLP on the CPU
/// (<see cref="ManagedMlpEngine{T}"/>). Either way the model's own parameter tensors hold the weights whenever
/// <see cref="Publish"/> has been called since the last step.
/// </summary>
internal interface ITrainingEngine : IDisposable
{
    /// <summary>The full training set's loss, accuracy and ‖∇L‖; the gradient is kept for <see cref="Step"/>.</summary>
    TrainingMeasure Measure();

    /// <summary>A step along the gradient the last <see cref="Measure"/> kept.</summary>
    void Step(double learningRate);

    /// <summary>A step along the gradient of the mean loss over these training rows; returns that loss (before the step).</summary>
    double MiniBatchStep(ReadOnlySpan<long> rows, double learningRate);

    /// <summary>Mean loss and accuracy over another set (the test set), no gradient.</summary>
    (double Loss, double Accuracy) Evaluate(DataTensors data);

    /// <summary>Writes the weights into the model's parameter tensors (a no-op where they live there already).</summary>
    void Publish();
}
