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

/// <summary>Blobs (the paper's, the default); two moons and two circles (2-D, 2 classes); MNIST and Fashion-MNIST (784 pixels, 10 classes).</summary>
public enum DataKind { Blobs, Moons, Circles, Mnist, FashionMnist }

/// <summary>
/// The data set. Blobs are Gaussian clusters in the style of scikit-learn's make_blobs; moons and circles follow
/// make_moons and make_circles; MNIST and Fashion-MNIST are read from IDX files. Inputs are standardised with the
/// training set's statistics unless <see cref="Standardise"/> is false.
/// </summary>
/// <remarks>
/// <see cref="InputDim"/> and <see cref="Classes"/> are the blobs' only: moons and circles are 2-D with 2 classes, the
/// image sets 784-D with 10 classes or <see cref="ClassList"/>'s count (<see cref="SpecLimits.InputDimension"/>,
/// <see cref="SpecLimits.ClassCount"/>). <see cref="TrainSize"/> and <see cref="TestSize"/> are ignored by the image
/// sets, whose sizes are the files' (or <see cref="PerClass"/>'s).
/// </remarks>
public sealed record DataSpec
{
    public DataKind Kind { get; init; } = DataKind.Blobs;
    public int Classes { get; init; } = 4;
    public int InputDim { get; init; } = 2;
    public int TrainSize { get; init; } = 100;
    public int TestSize { get; init; } = 100;
    public double ClusterStd { get; init; } = 1.0;
    public int Seed { get; init; } = 0;
    /// <summary>Blobs: clusters sharing each label; centre j belongs to class j mod classes.</summary>
    public int ClustersPerClass { get; init; } = 1;
    /// <summary>
    /// Blobs: null places centres uniformly in [−10, 10]^d (make_blobs); a value places each centre at
    /// separation × a uniformly random unit direction, so every centre is this far from the origin.
    /// </summary>
    public double? Separation { get; init; }
    /// <summary>Moons and circles: the standard deviation of the Gaussian noise added to each point.</summary>
    public double Noise { get; init; } = 0.1;
    /// <summary>Circles: the inner circle's radius over the outer's.</summary>
    public double Factor { get; init; } = 0.5;
    /// <summary>Image sets: the folder holding the IDX files; null searches the worker's data folders.</summary>
    public string? Directory { get; init; }
    /// <summary>Image sets: at most this many points per class, the first in file order, in training and test set alike.</summary>
    public int? PerClass { get; init; }
    /// <summary>Image sets: only these classes, relabelled 0..k−1 in this order.</summary>
    public int[]? ClassList { get; init; }
    public bool Standardise { get; init; } = true;
}
public enum ModelKind { Mlp }

public enum Activation { Relu, Tanh }

/// <summary>The model's floating-point type; Lanczos recurrences are float64 either way.</summary>
public enum ModelDtype { Float64, Float32 }

/// <summary>Cross-entropy of the softmax (the paper's), or mean squared error against one-hot targets, ℓ = (1/C)·‖f − e_y‖².</summary>
public enum LossKind { CrossEntropy, Mse }

public sealed record ModelSpec
{
    public ModelKind Kind { get; init; } = ModelKind.Mlp;
    public int[] HiddenWidths { get; init; } = [10, 5];
    public Activation Activation { get; init; } = Activation.Relu;
    /// <summary>Weights and biases are drawn from N(0, initStd²).</summary>
    public double InitStd { get; init; } = 0.1;
    public int Seed { get; init; } = 0;
    public ModelDtype Dtype { get; init; } = ModelDtype.Float64;
    public LossKind Loss { get; init; } = LossKind.CrossEntropy;
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

public enum ProbeKind { Rademacher, Gaussian }

public sealed record AnalysisSpec
{
    /// <summary>Number of top eigenvalues Lanczos reports.</summary>
    public int LanczosK { get; init; } = 10;
    /// <summary>Number of bottom (most negative) eigenvalues Lanczos reports; 0 for none.</summary>
    public int LanczosBottomK { get; init; } = 5;
    public int LanczosMaxSteps { get; init; } = 100;
    /// <summary>Relative tolerance on the residual bound for a Ritz pair to count as converged.</summary>
    public double LanczosTolerance { get; init; } = 1e-6;
    /// <summary>Keep the top-k Ritz vectors (in the export).</summary>
    public bool SaveTopVectors { get; init; }
    /// <summary>Auto: the explicit matrices when the model has at most <see cref="ExactLimit"/> parameters.</summary>
    [JsonPropertyName("exact")]
    public ExactSpectrumMode Exact { get; init; } = ExactSpectrumMode.Auto;
    /// <summary>Largest model whose explicit M×M matrices are formed.</summary>
    public int ExactLimit { get; init; } = SpecLimits.MaxExactParameters;
    /// <summary>Also analyse the Gauss–Newton matrix G and the residual R = H − G.</summary>
    public bool Decomposition { get; init; }
    public DensitySpec Density { get; init; } = new();
    public TraceSpec Trace { get; init; } = new();
    /// <summary>Curvature of the loss over a seeded sample of the training set instead of all of it.</summary>
    public CurvatureSampleSpec Sample { get; init; } = new();
    /// <summary>Also analyse every N epochs (besides init and end); null for init and end only.</summary>
    public int? EveryEpochs { get; init; }
    public int Seed { get; init; } = 0;
}

/// <summary>Stochastic Lanczos quadrature: probes × steps, Gaussian broadening.</summary>
public sealed record DensitySpec
{
    public bool Enabled { get; init; } = true;
    public int Probes { get; init; } = 10;
    public int Steps { get; init; } = 80;
    public ProbeKind Distribution { get; init; } = ProbeKind.Rademacher;
    /// <summary>Broadening σ in eigenvalue units; null means <see cref="RelativeWidth"/> of the Ritz values' range.</summary>
    public double? Width { get; init; }
    public double RelativeWidth { get; init; } = 0.01;
    public int GridPoints { get; init; } = 1001;
}

public sealed record TraceSpec
{
    public bool Enabled { get; init; } = true;
    public int HutchinsonProbes { get; init; } = 30;
    /// <summary>Products Hutch++ may take (a multiple of 3).</summary>
    public int HutchPlusPlusProducts { get; init; } = 30;
}

/// <summary>Null sizes mean the whole training set in one batch.</summary>
public sealed record CurvatureSampleSpec
{
    public int? Size { get; init; }
    public int? BatchSize { get; init; }
    public int Seed { get; init; } = 0;
}
