using HessianWeb.Client.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Curvature;

/// <summary>
/// Exact products v ↦ ∇²L(w)·v with the Hessian of the mean loss of a <see cref="TrainingObjective"/>: its whole
/// sample or a seeded part, in mini-batches, with a float32 or float64 model; vectors are float64.
/// </summary>
/// <remarks>
/// Pearlmutter (1994), "Fast exact multiplication by the Hessian", by double back-propagation: for each batch the
/// gradient g_b of its share of the loss is taken with <c>create_graph</c> and the product is the vector-Jacobian
/// product ∂(g_bᵀv)/∂w = <c>autograd.grad(g_b, w, grad_outputs: v)</c>; the batches' products are added in float64, in
/// order. When the sample is one batch, g is taken once, its graph kept, and each product is the second backward
/// alone (the fast path, ~2.4 gradients' worth of work on this LibTorch: docs/notes/torchsharp.md).
/// With several batches each product rebuilds each batch's graph, so memory stays that of one batch.
/// </remarks>
public sealed class BatchedHessianVectorProduct : ISymmetricOperator, IDisposable
{
    readonly TrainingObjective objective;
    readonly Tensor[]? retainedGradient;
    bool disposed;

    public BatchedHessianVectorProduct(TrainingObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        this.objective = objective;
        if (objective.BatchCount != 1) return;
        using var scope = torch.NewDisposeScope();
        var batch = objective.Batches[0];
        var loss = objective.ShareOfLoss(objective.Outputs(batch), batch);
        // retain_graph as well: TorchSharp passes false by default, and every product back-propagates through the
        // saved tensors of the loss's own graph.
        retainedGradient = VectorJacobianProduct.Of([loss], objective.Parameters, null, retainGraph: true, createGraph: true);
        foreach (var g in retainedGradient) g.DetachFromDisposeScope(); // owned here, freed by Dispose
    }

    public int Dimension => objective.Dimension;

    public double RelativeAccuracy => objective.RelativeAccuracy;

    /// <summary>Products taken so far.</summary>
    public int Count { get; private set; }

    public void Apply(ReadOnlySpan<double> vector, Span<double> result)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var parameters = objective.Parameters.ToArray();
        objective.Multiply(vector, result,
            retainedGradient is null ? null : directions => FlatVector.Concatenate(VectorJacobianProduct.Of(retainedGradient, parameters, directions, retainGraph: true)),
            (batch, directions) =>
            {
                var loss = objective.ShareOfLoss(objective.Outputs(batch), batch);
                var gradient = VectorJacobianProduct.Of([loss], parameters, null, retainGraph: true, createGraph: true);
                return FlatVector.Concatenate(VectorJacobianProduct.Of(gradient, parameters, directions, retainGraph: false));
            });
        Count++;
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (retainedGradient is not null)
            foreach (var g in retainedGradient) g.Dispose();
    }
}
