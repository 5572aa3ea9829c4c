using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Spectral;
using HessianWeb.Client.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

/// <summary>
/// Exact products v ↦ ∇²L(w)·v with the Hessian of a scalar loss, over flat float64 vectors ordered as the
/// parameters are (see <see cref="Network.Parameters"/>).
/// </summary>
/// <remarks>
/// Pearlmutter (1994), "Fast exact multiplication by the Hessian", by double back-propagation: the gradient
/// g = ∂L/∂w is taken once with <c>create_graph</c>, its graph kept, and each product is a vector-Jacobian
/// product of g, H·v = ∂(gᵀv)/∂w, i.e. <c>autograd.grad(g, w, grad_outputs: v, retain_graph: true)</c>: about
/// 2.4 gradients' worth of work per product on this LibTorch (docs/notes/torchsharp.md).
/// Holds the graph until disposed; using it afterwards throws <see cref="ObjectDisposedException"/>, never reaching
/// libtorch (a backward through a freed graph aborts the process).
/// </remarks>
public sealed class HessianVectorProduct : ISymmetricOperator, IDisposable
{
    readonly Tensor[] parameters;
    readonly Tensor[] gradients;
    readonly long[] sizes;
    bool disposed;

    /// <param name="parameters">Leaf tensors with requires_grad, float64, all on one device.</param>
    /// <param name="loss">Builds the scalar loss from the parameters; called once.</param>
    public HessianVectorProduct(IReadOnlyList<Tensor> parameters, Func<Tensor> loss)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(loss);
        if (parameters.Count == 0) throw new ArgumentException("No parameters to differentiate.", nameof(parameters));
        if (parameters.Any(p => p.dtype != ScalarType.Float64 || !p.requires_grad))
            throw new ArgumentException("Hessian-vector products need float64 parameters that require gradients.", nameof(parameters));

        this.parameters = parameters.ToArray();
        sizes = this.parameters.Select(p => p.numel()).ToArray();
        Dimension = checked((int)sizes.Sum());
        using var scope = torch.NewDisposeScope();
        var value = loss();
        if (value.numel() != 1) throw new ArgumentException("The loss must be a scalar.", nameof(loss));
        Loss = value.item<double>();
        // retain_graph as well: TorchSharp passes false by default, where PyTorch would follow create_graph, and
        // every product back-propagates through the saved tensors of the loss's own graph.
        gradients = torch.autograd.grad([value], this.parameters, retain_graph: true, create_graph: true).ToArray();
        foreach (var g in gradients) g.DetachFromDisposeScope(); // owned here, freed by Dispose
    }

    /// <summary>Products with the Hessian of the mean cross-entropy of <paramref name="model"/> over all of <paramref name="data"/>.</summary>
    public static HessianVectorProduct OfTrainingLoss(Network model, DataTensors data) =>
        new(model.Parameters.Cast<Tensor>().ToArray(), () => CrossEntropy.Loss(model, data.Inputs, data.Labels));

    public int Dimension { get; }

    /// <summary>The loss at the point of expansion.</summary>
    public double Loss { get; }

    /// <summary>Hessian-vector products taken so far.</summary>
    public int Count { get; private set; }

    public void Apply(ReadOnlySpan<double> vector, Span<double> result)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        VectorMath.RequireLength(vector, Dimension, nameof(vector));
        VectorMath.RequireLength(result, Dimension, nameof(result));
        using var scope = torch.NewDisposeScope();
        var directions = FlatVector.Split(vector, parameters, sizes);
        FlatVector.CopyTo(FlatVector.Concatenate(torch.autograd.grad(gradients, parameters, directions, retain_graph: true)), result);
        Count++;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var g in gradients) g.Dispose();
    }
}
