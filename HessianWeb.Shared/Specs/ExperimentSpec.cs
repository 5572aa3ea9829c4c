using System.Text.Json.Serialization;

namespace HessianWeb.Shared.Specs;

/// <summary>
/// One experiment: what data, which model, how to train it and what to measure.
/// Every field has the authors' default (Sagun et al., see docs/paper.md), so <c>{}</c> is the quickstart.
/// </summary>
public sealed record ExperimentSpec
{
    public string Name { get; init; } = "quickstart";
    public DataSpec Data { get; init; } = new();
    public ModelSpec Model { get; init; } = new();
    public TrainingSpec Training { get; init; } = new();
    public AnalysisSpec Analysis { get; init; } = new();
    /// <summary>
    /// The kind of device the run needs (<see cref="DeviceKind"/>); null, the default and every spec made before the
    /// field existed, runs on any worker.
    /// </summary>
    public DeviceKind? Device { get; init; }
}

/// <summary>What a worker computes on: its CPU, or a CUDA GPU (a worker reporting "cuda:0 (…)" is one).</summary>
public enum DeviceKind { Cpu, Cuda }

/// <summary>
/// Blobs (the paper's, the default); two moons and two circles (2-D, 2 classes); MNIST and Fashion-MNIST (1×28×28 = 784
/// pixels, 10 classes); CIFAR-10 (3×32×32 = 3,072 values, 10 classes) from its binary batches; Tensors: the user's own,
/// an uploaded safetensors or .npz file (<see cref="DataSpec.File"/>).
/// </summary>
public enum DataKind { Blobs, Moons, Circles, Mnist, FashionMnist, Cifar10, Tensors }

/// <summary>
/// How blobs are drawn; moons, circles and the image sets ignore it. ScikitLearn (the default): the authors' own
/// <c>make_blobs(train + test, …, random_state=seed)</c> then <c>sklearn.preprocessing.scale</c> over all points, bit for
/// bit as scikit-learn 1.2 with numpy 1.24's legacy RandomState makes them; the first trainSize points train.
/// HessianWeb: this project's xoshiro256** stream, training and test sets drawn one after the other and standardised
/// with the training set's statistics; every blob run stored before this field existed was made so, and the store's
/// upgrade (migration StoredBlobsKeepXoshiroGenerator) writes it into their specs. A spec without the field (an API
/// request, an export made before it existed) means ScikitLearn.
/// </summary>
public enum DataGenerator { ScikitLearn, HessianWeb }

/// <summary>
/// The data set. Blobs are Gaussian clusters from scikit-learn's make_blobs (bit for bit by default, see
/// <see cref="DataGenerator"/>); moons and circles follow
/// make_moons and make_circles; MNIST and Fashion-MNIST are read from IDX files, CIFAR-10 from its binary batches. Inputs are standardised with the
/// training set's statistics unless <see cref="Standardise"/> is false.
/// </summary>
/// <remarks>
/// <see cref="InputDim"/> and <see cref="Classes"/> are the blobs' only: moons and circles are 2-D with 2 classes, the
/// image sets 784-D (CIFAR-10 3,072-D) with 10 classes or <see cref="ClassList"/>'s count (<see cref="SpecLimits.InputDimension"/>,
/// <see cref="SpecLimits.ClassCount"/>). <see cref="TrainSize"/> and <see cref="TestSize"/> are ignored by the image
/// sets, whose sizes are the files' (or <see cref="PerClass"/>'s).
/// </remarks>
public sealed record DataSpec
{
    public DataKind Kind { get; init; } = DataKind.Blobs;
    /// <summary>Blobs: which generator draws them (<see cref="DataGenerator"/>); moons, circles and image sets ignore it.</summary>
    public DataGenerator Generator { get; init; } = DataGenerator.ScikitLearn;
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
    /// <summary>Image sets: the folder holding the IDX files (CIFAR-10: the .bin batches); null searches the worker's data folders.</summary>
    public string? Directory { get; init; }
    /// <summary>Image sets: at most this many points per class, the first in file order, in training and test set alike.</summary>
    public int? PerClass { get; init; }
    /// <summary>Image sets: only these classes, relabelled 0..k−1 in this order.</summary>
    public int[]? ClassList { get; init; }
    public bool Standardise { get; init; } = true;
    /// <summary>
    /// Tensors: the upload (<see cref="Uploads.UploadSummary.Id"/>) of a safetensors or .npz file holding <c>x</c> (N × …,
    /// float) and <c>y</c> (N, int64 class indices), optionally <c>x_test</c> and <c>y_test</c>. The data are used as given:
    /// <see cref="Standardise"/>, the sizes, seeds and generator do not apply; the server writes the file's
    /// <see cref="InputDim"/> (values per point), <see cref="Classes"/> (largest label + 1), <see cref="TrainSize"/> and
    /// <see cref="TestSize"/> into the spec at submit.
    /// </summary>
    public Guid? File { get; init; }
}
/// <summary>
/// Mlp: fully connected. Cnn: a LeNet-style convolutional network on an image set (conv → activation → max-pool per
/// conv layer, then the dense head through <see cref="ModelSpec.HiddenWidths"/>); see <see cref="ModelSpec.ConvChannels"/>.
/// Sequential: the user's own, a layer list (<see cref="Uploads.SequentialModelFile"/>, what the export writes as
/// model.json) with its weights. Torchscript: the user's own, a <c>torch.jit.save</c> file, any architecture TorchScript
/// holds; it runs code, so only members may upload one. Both are used in eval mode (dropout off, batch norm on its
/// running statistics), and their own fields are <see cref="ModelSpec.File"/> and <see cref="ModelSpec.Weights"/>.
/// </summary>
public enum ModelKind { Mlp, Cnn, Sequential, Torchscript }

/// <summary>The hidden layers' nonlinearity; identity makes the network a product of linear maps (a deep linear network).</summary>
public enum Activation { Relu, Tanh, Sigmoid, Identity }

/// <summary>
/// How the parameters are drawn. Normal: every weight and bias from N(0, initStd²) (Sagun et al.'s, the default).
/// He: each layer's weights from N(0, 2/fan_in); Glorot: from N(0, 2/(fan_in + fan_out)); both with zero biases and
/// ignoring <see cref="ModelSpec.InitStd"/>.
/// </summary>
public enum InitKind { Normal, He, Glorot }

/// <summary>The model's floating-point type; Lanczos recurrences are float64 either way (its stored basis takes the model's type).</summary>
public enum ModelDtype { Float64, Float32 }

/// <summary>Cross-entropy of the softmax (the paper's), or mean squared error against one-hot targets, ℓ = (1/C)·‖f − e_y‖².</summary>
public enum LossKind { CrossEntropy, Mse }

public sealed record ModelSpec
{
    public ModelKind Kind { get; init; } = ModelKind.Mlp;
    public int[] HiddenWidths { get; init; } = [10, 5];
    public Activation Activation { get; init; } = Activation.Relu;
    /// <summary>With <see cref="InitKind.Normal"/>, weights and biases are drawn from N(0, initStd²); ignored otherwise.</summary>
    public double InitStd { get; init; } = 0.1;
    /// <summary>Whether each Linear layer has a bias; without, the weights are the only parameters.</summary>
    public bool Bias { get; init; } = true;
    /// <summary>The initialisation (<see cref="InitKind"/>).</summary>
    public InitKind Init { get; init; } = InitKind.Normal;
    public int Seed { get; init; } = 0;
    public ModelDtype Dtype { get; init; } = ModelDtype.Float64;
    public LossKind Loss { get; init; } = LossKind.CrossEntropy;
    /// <summary>
    /// CNN: the output channels of each conv layer (LeNet-5's 6 and 16 by default). Each conv layer is a
    /// <see cref="KernelSize"/>×<see cref="KernelSize"/> convolution with stride 1 and no padding ("valid": a side of
    /// s becomes s − k + 1), the activation, then a <see cref="Pool"/>×<see cref="Pool"/> max-pool with stride
    /// <see cref="Pool"/> (a side of s becomes ⌊s / pool⌋); the result is flattened into the dense head.
    /// </summary>
    public int[] ConvChannels { get; init; } = [6, 16];
    /// <summary>CNN: the side of every conv layer's square kernel.</summary>
    public int KernelSize { get; init; } = 5;
    /// <summary>CNN: the side (and stride) of every max-pool; 1 keeps the size.</summary>
    public int Pool { get; init; } = 2;
    /// <summary>Sequential: the upload of the layer list (JSON); Torchscript: the upload of the TorchScript file.</summary>
    public Guid? File { get; init; }
    /// <summary>
    /// The upload of the starting weights: a safetensors file or a PyTorch <c>torch.save(model.state_dict())</c> file,
    /// named as the model names its parameters (and batch-norm buffers). Required for Sequential; for Torchscript it
    /// replaces the weights the file holds. The other models ignore it.
    /// </summary>
    public Guid? Weights { get; init; }
    /// <summary>
    /// Sequential and Torchscript: the model's parameter count, read from its files by the server at submit (whatever a
    /// request says is replaced), so that memory, placement and the exact-spectrum choice can be decided from the spec.
    /// </summary>
    public long? ParameterCount { get; init; }
}

/// <summary>SGD (with optional momentum) or Adam, both with PyTorch's update rules (torch.optim.SGD, torch.optim.Adam).</summary>
public enum OptimizerKind { Sgd, Adam }

/// <summary>
/// The learning rate of the steps in epoch e + 1 (e epochs done): Constant, η; Step, η·factor^⌊e/stepEvery⌋;
/// Cosine, η·(1 + cos(π·e/epochs))/2 (CosineAnnealingLR with T_max = epochs and η_min = 0).
/// </summary>
public enum LearningRateSchedule { Constant, Step, Cosine }

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
    /// <summary>SGD's momentum μ (PyTorch's heavy ball, no dampening): b ← μ·b + g, θ ← θ − η·b; 0 is plain SGD.</summary>
    public double Momentum { get; init; }
    /// <summary>L2 weight decay λ added to the gradient, g ← g + λ·θ (torch.optim's weight_decay, for SGD and Adam alike).</summary>
    public double WeightDecay { get; init; }
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Constant;
    /// <summary>Step schedule: the epochs between decays.</summary>
    public int StepEvery { get; init; } = 1000;
    /// <summary>Step schedule: the factor each decay multiplies the learning rate by.</summary>
    public double StepFactor { get; init; } = 0.1;
    /// <summary>Stop once the training loss ≤ this; 0 disables the check.</summary>
    public double LossTolerance { get; init; }
    /// <summary>
    /// The test set's loss and accuracy every N epochs (also at epoch 0, at analysis checkpoints and at the last epoch);
    /// the epochs between carry none. Null: <see cref="Runs.EpochRecording.BucketWidth"/> of the epoch limit, so every epoch
    /// up to 2,000 epochs and about 2,000 evaluations in a longer run, one per stored bucket.
    /// </summary>
    public int? TestEvery { get; init; }
    /// <summary>Adam's β₁, the first moment's decay (PyTorch's default 0.9).</summary>
    public double AdamBeta1 { get; init; } = 0.9;
    /// <summary>Adam's β₂, the second moment's decay (PyTorch's default 0.999).</summary>
    public double AdamBeta2 { get; init; } = 0.999;
    /// <summary>Adam's ε, added to the root of the second moment (PyTorch's default 1e-8).</summary>
    public double AdamEpsilon { get; init; } = 1e-8;
    /// <summary>
    /// Phases trained one after another, each from the previous one's final weights (<see cref="TrainingPhaseSpec"/>);
    /// null or empty: one unnamed phase with these settings.
    /// </summary>
    public TrainingPhaseSpec[]? Phases { get; init; }
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
    /// <summary>
    /// How every Lanczos basis of the analysis (top and bottom eigenvalues, each density probe's, the interpolations'
    /// λ₁) is kept orthogonal. Full by default, what every run stored before the field existed used: selective costs
    /// less (the curvature bench, README) but its saved Ritz vectors miss RunExecutorTests' residual bounds.
    /// </summary>
    public Reorthogonalisation Reorthogonalisation { get; init; } = Reorthogonalisation.Full;
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
    /// <summary>Loss along straight lines between checkpoints, after training (<see cref="InterpolationSpec"/>); null for none.</summary>
    public InterpolationSpec[]? Interpolations { get; init; }
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
