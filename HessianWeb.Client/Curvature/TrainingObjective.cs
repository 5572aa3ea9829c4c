using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Randomness;
using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Curvature;

/// <summary>
/// The mean training loss L(w) = (1/N)·Σ_i ℓ(f(w, x_i), y_i) over the whole training set or a stated seeded sample of
/// it, taken in mini-batches: what the curvature operators differentiate.
/// </summary>
/// <remarks>
/// Batch b contributes Σ_{i∈b} ℓ_i / N, its own mean weighted by n_b/N, so the per-batch products add up to the
/// product for the whole sample whatever the batch sizes. The sample is drawn without replacement by a seeded stream
/// and kept in ascending index order; batches are consecutive runs of it, and their contributions are added in float64
/// in that order, so the same inputs give the same bits on one machine. The model may be float32 or float64: inputs
/// and directions are cast to the parameters' type, products come back in float64.
/// </remarks>
public sealed class TrainingObjective : IDisposable
{
    readonly Func<Tensor, Tensor> model;
    readonly List<ObjectiveBatch> batches = [];
    readonly long[] sizes;

    /// <param name="parameters">Leaf tensors with requires_grad, all of one floating type on one device.</param>
    /// <param name="model">The outputs f(w, x) ∈ ℝ^{n×C} of a batch of inputs, graph-connected to the parameters.</param>
    /// <param name="inputs">All training inputs [N_train × d] (any floating type; cast to the parameters').</param>
    /// <param name="labels">Class labels [N_train], int64, each in [0, classes).</param>
    /// <param name="classes">C, the model's number of outputs.</param>
    public TrainingObjective(
        IReadOnlyList<Tensor> parameters, Func<Tensor, Tensor> model, Tensor inputs, Tensor labels, int classes,
        LossFunction loss = LossFunction.CrossEntropy, CurvatureSample? sample = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(labels);
        if (parameters.Count == 0) throw new ArgumentException("No parameters to differentiate.", nameof(parameters));
        var dtype = parameters[0].dtype;
        if (dtype is not (ScalarType.Float32 or ScalarType.Float64) || parameters.Any(p => p.dtype != dtype || !p.requires_grad))
            throw new ArgumentException("The parameters must all be float32 or all float64, and require gradients.", nameof(parameters));
        if (!Enum.IsDefined(loss)) throw new ArgumentOutOfRangeException(nameof(loss), $"Unknown loss {loss}.");
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), "A model has at least one output.");
        sample ??= CurvatureSample.FullBatch;
        var available = labels.shape[0];
        var size = sample.Size ?? available;
        if (size < 1 || size > available)
            throw new ArgumentOutOfRangeException(nameof(sample), $"The sample size {size} must be between 1 and the training size {available}.");
        var batchSize = sample.BatchSize ?? size;
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(sample), $"The batch size {batchSize} must be at least 1.");

        Parameters = parameters.ToArray();
        this.model = model;
        sizes = Parameters.Select(p => p.numel()).ToArray();
        Dimension = checked((int)sizes.Sum());
        Loss = loss;
        Classes = classes;
        Count = size;
        SampleIndices = Sample(available, size, sample.Seed);

        using var scope = torch.NewDisposeScope();
        var device = Parameters[0].device;
        var all = SampleIndices.Count == available ? null : torch.tensor(SampleIndices.ToArray(), device: inputs.device);
        var chosenInputs = (all is null ? inputs : inputs.index_select(0, all)).to(dtype, device);
        var chosenLabels = (all is null ? labels : labels.index_select(0, all)).to(ScalarType.Int64, device);
        for (long start = 0; start < size; start += batchSize)
        {
            var length = Math.Min(batchSize, size - start);
            var x = chosenInputs.narrow(0, start, length).contiguous();
            var y = chosenLabels.narrow(0, start, length).contiguous();
            var target = torch.zeros([length, classes], dtype: dtype, device: device)
                .scatter_(1, y.unsqueeze(1), torch.ones([length, 1], dtype: dtype, device: device));
            batches.Add(new ObjectiveBatch(x.DetachFromDisposeScope(), y.DetachFromDisposeScope(), target.DetachFromDisposeScope(), length));
        }
    }

    /// <summary>The mean loss of <paramref name="model"/> on <paramref name="data"/> (its training set), over the stated sample.</summary>
    public static TrainingObjective Of(Network model, DataTensors data, LossFunction loss = LossFunction.CrossEntropy, CurvatureSample? sample = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        return new TrainingObjective(model.Parameters.Cast<Tensor>().ToArray(), model.forward, data.Inputs, data.Labels, model.Classes, loss, sample);
    }

    public IReadOnlyList<Tensor> Parameters { get; }
    /// <summary>M, the number of parameters: the operators act on ℝ^M.</summary>
    public int Dimension { get; }
    /// <summary>N, the points averaged over.</summary>
    public long Count { get; }
    public LossFunction Loss { get; }
    /// <summary>C, the model's outputs.</summary>
    public int Classes { get; }
    public ScalarType DType => Parameters[0].dtype;

    /// <summary>The precision of products computed in the model's dtype: a float32 model's are float32 computations.</summary>
    public double RelativeAccuracy => DType == ScalarType.Float32 ? MachineEpsilon.Float32 : MachineEpsilon.Float64;
    /// <summary>The training points averaged over, ascending.</summary>
    public IReadOnlyList<long> SampleIndices { get; }
    public int BatchCount => batches.Count;

    internal IReadOnlyList<ObjectiveBatch> Batches => batches;

    internal Tensor Outputs(ObjectiveBatch batch) => model(batch.Inputs);

    /// <summary>The outputs of any inputs already in the parameters' type and place (a batch's rows of one class, say).</summary>
    internal Tensor Outputs(Tensor inputs) => model(inputs);

    /// <summary>Σ_{i∈batch} ℓ_i / N: this batch's share of the mean loss, graph-connected to the outputs.</summary>
    internal Tensor ShareOfLoss(Tensor outputs, ObjectiveBatch batch) => Loss switch
    {
        LossFunction.CrossEntropy => nn.functional.cross_entropy(outputs, batch.Labels, reduction: nn.Reduction.Sum) / Count,
        _ => nn.functional.mse_loss(outputs, batch.Targets, nn.Reduction.Sum) / (Classes * (double)Count),
    };

    /// <summary>(∂²ℓ/∂f²)·z for each sample (row) of z, at the (detached) outputs.</summary>
    internal Tensor OutputHessianProduct(Tensor outputs, Tensor z)
    {
        if (Loss == LossFunction.MeanSquaredError) return z * (2.0 / Classes);
        var p = outputs.detach().softmax(1);
        var pz = p * z;
        return pz - p * pz.sum(1, keepdim: true);
    }

    /// <summary>The mean loss over the sample at the current parameters, summed over batches in float64.</summary>
    public double MeanLoss()
    {
        using var noGrad = torch.no_grad();
        double total = 0;
        foreach (var batch in batches)
        {
            using var scope = torch.NewDisposeScope();
            total += ShareOfLoss(Outputs(batch), batch).to(ScalarType.Float64).item<double>();
        }
        return total;
    }

    /// <summary>A flat direction, as tensors shaped, typed and placed as the parameters.</summary>
    internal Tensor[] Directions(ReadOnlySpan<double> vector) => FlatVector.Split(vector, Parameters, sizes);

    /// <summary>
    /// result ← A·vector for a curvature matrix A of the mean loss, the shared frame of its operators: the product of
    /// the single batch's kept graph (<paramref name="retained"/>, when the operator keeps one), else the sum in float64,
    /// in batch order, of each batch's own product (<paramref name="perBatch"/>, built in its own dispose scope, so
    /// memory stays that of one batch).
    /// </summary>
    internal void Multiply(ReadOnlySpan<double> vector, Span<double> result, Func<Tensor[], Tensor>? retained, Func<ObjectiveBatch, Tensor[], Tensor> perBatch)
    {
        VectorMath.RequireLength(vector, Dimension, nameof(vector));
        VectorMath.RequireLength(result, Dimension, nameof(result));
        using var scope = torch.NewDisposeScope();
        var directions = Directions(vector);
        Tensor product;
        if (retained is not null) product = retained(directions);
        else
        {
            product = torch.zeros(Dimension, dtype: ScalarType.Float64, device: Parameters[0].device);
            foreach (var batch in Batches)
            {
                using var batchScope = torch.NewDisposeScope();
                product.add_(perBatch(batch, directions));
            }
        }
        FlatVector.CopyTo(product, result);
    }

    static long[] Sample(long available, long size, int seed)
    {
        if (size == available)
        {
            var all = new long[available];
            for (var i = 0; i < all.Length; i++) all[i] = i;
            return all;
        }
        var order = new long[available];
        for (var i = 0; i < order.Length; i++) order[i] = i;
        SeededRandom.For(RandomStream.CurvatureSample, seed).Shuffle(order.AsSpan());
        var chosen = order[..(int)size];
        Array.Sort(chosen);
        return chosen;
    }

    public void Dispose()
    {
        foreach (var batch in batches)
        {
            batch.Inputs.Dispose();
            batch.Labels.Dispose();
            batch.Targets.Dispose();
        }
        batches.Clear();
    }
}

/// <summary>One mini-batch: inputs in the parameters' type, labels, one-hot targets, and its size.</summary>
internal sealed record ObjectiveBatch(Tensor Inputs, Tensor Labels, Tensor Targets, long Count);
