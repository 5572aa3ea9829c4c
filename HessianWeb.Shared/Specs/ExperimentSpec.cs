using System.Text.Json.Serialization;

namespace HessianWeb.Shared.Specs;

/// <summary>
/// One experiment: what data, which model, how to train it and what to measure.
/// Every field has the authors' default (Sagun et al., see PAPER.md), so <c>{}</c> is the quickstart.
/// </summary>
public sealed record ExperimentSpec
{
    public string Name { get; init; } = "quickstart";
    public DataSpec Data { get; init; } = new();
    public ModelSpec Model { get; init; } = new();
    public TrainingSpec Training { get; init; } = new();
    public AnalysisSpec Analysis { get; init; } = new();
}

public enum DataKind { Blobs }

/// <summary>Gaussian blobs in the style of scikit-learn's make_blobs, inputs standardised.</summary>
public sealed record DataSpec
{
    public DataKind Kind { get; init; } = DataKind.Blobs;
    public int Classes { get; init; } = 4;
    public int InputDim { get; init; } = 2;
    public int TrainSize { get; init; } = 100;
    public int TestSize { get; init; } = 100;
    public double ClusterStd { get; init; } = 1.0;
    public int Seed { get; init; } = 0;
}

public enum ModelKind { Mlp }

public enum Activation { Relu, Tanh }

public sealed record ModelSpec
{
    public ModelKind Kind { get; init; } = ModelKind.Mlp;
    public int[] HiddenWidths { get; init; } = [10, 5];
    public Activation Activation { get; init; } = Activation.Relu;
    /// <summary>Weights and biases are drawn from N(0, initStd²).</summary>
    public double InitStd { get; init; } = 0.1;
    public int Seed { get; init; } = 0;
}

public enum OptimizerKind { Sgd }

public sealed record TrainingSpec
{
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.Sgd;
    public double LearningRate { get; init; } = 0.1;
    /// <summary>Mini-batch size; null means full-batch gradient descent.</summary>
    public int? BatchSize { get; init; }
    public int Epochs { get; init; } = 2000;
    /// <summary>Stop once ‖∇L‖ ≤ this (the authors' criterion); 0 disables the check.</summary>
    public double GradNormTolerance { get; init; } = 1e-4;
    public int Seed { get; init; } = 0;
}

public enum ExactSpectrumMode { Auto, Always, Never }

public sealed record AnalysisSpec
{
    /// <summary>Number of top eigenvalues Lanczos reports.</summary>
    public int LanczosK { get; init; } = 10;
    public int LanczosMaxSteps { get; init; } = 100;
    /// <summary>Relative tolerance on the residual bound for a Ritz pair to count as converged.</summary>
    public double LanczosTolerance { get; init; } = 1e-10;
    /// <summary>Auto: the explicit Hessian when the model has at most <see cref="SpecLimits.MaxExactParameters"/> parameters.</summary>
    [JsonPropertyName("exact")]
    public ExactSpectrumMode Exact { get; init; } = ExactSpectrumMode.Auto;
    public int Seed { get; init; } = 0;
}
