using HessianWeb.Client.Spectral;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Curvature;

/// <summary>
/// Products v ↦ G·v with the generalised Gauss–Newton matrix G = (1/N)·Σ_i J_iᵀ·(∂²ℓ/∂f²)_i·J_i of a
/// <see cref="TrainingObjective"/> (J_i = ∂f(w, x_i)/∂w), without forming J.
/// </summary>
/// <remarks>
/// <para>Schraudolph (2002), "Fast curvature matrix-vector products for second-order gradient descent": G·v =
/// Jᵀ·(H_ℓ·(J·v)). LibTorch here has no forward mode, so J·v comes from the double-backward trick (Townsend 2017,
/// "A new trick for calculating Jacobian vector products"): with a dummy u of the outputs' shape, Jᵀu =
/// <c>grad(f, w, grad_outputs: u, create_graph)</c> is linear in u and J·v = ∂((Jᵀu)ᵀv)/∂u =
/// <c>grad(Jᵀu, u, grad_outputs: v)</c>. Then z = H_ℓ·(J·v)/N per sample (<see cref="LossFunction"/> states
/// H_ℓ) and G·v = Jᵀz = <c>grad(f, w, grad_outputs: z)</c>.</para>
/// <para>When the sample is one batch, f and Jᵀu are built once and their graphs kept: a product is then one
/// backward to u and one to w, about a gradient's work. Batches are added in float64, in order, as for H.</para>
/// </remarks>
public sealed class GaussNewtonVectorProduct : ISymmetricOperator, IDisposable
{
    readonly TrainingObjective objective;
    readonly Retained? retained;
    bool disposed;

    public GaussNewtonVectorProduct(TrainingObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        this.objective = objective;
        if (objective.BatchCount != 1) return;
        using var scope = torch.NewDisposeScope();
        var graph = Linearise(objective.Batches[0]);
        retained = new Retained(
            graph.Outputs.DetachFromDisposeScope(), graph.Dummy.DetachFromDisposeScope(),
            graph.TransposedProduct.Select(t => t.DetachFromDisposeScope()).ToArray());
    }

    public int Dimension => objective.Dimension;

    public double RelativeAccuracy => objective.RelativeAccuracy;

    /// <summary>Products taken so far.</summary>
    public int Count { get; private set; }

    public void Apply(ReadOnlySpan<double> vector, Span<double> result)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        objective.Multiply(vector, result,
            retained is null ? null : directions => Product(retained, directions),
            (batch, directions) => Product(Linearise(batch), directions));
        Count++;
    }

    /// <summary>The outputs f of a batch, the dummy u and Jᵀu with its graph (to be differentiated in u).</summary>
    Retained Linearise(ObjectiveBatch batch)
    {
        var outputs = objective.Outputs(batch);
        var dummy = torch.zeros_like(outputs).requires_grad_(true);
        var transposed = VectorJacobianProduct.Of([outputs], objective.Parameters, [dummy], retainGraph: true, createGraph: true);
        return new Retained(outputs, dummy, transposed);
    }

    Tensor Product(Retained graph, Tensor[] directions)
    {
        var jv = VectorJacobianProduct.Of(graph.TransposedProduct, [graph.Dummy], directions, retainGraph: true)[0];
        var z = objective.OutputHessianProduct(graph.Outputs, jv) / objective.Count;
        return FlatVector.Concatenate(VectorJacobianProduct.Of([graph.Outputs], objective.Parameters, [z], retainGraph: true));
    }

    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        if (retained is null) return;
        retained.Outputs.Dispose();
        retained.Dummy.Dispose();
        foreach (var t in retained.TransposedProduct) t.Dispose();
    }

    sealed record Retained(Tensor Outputs, Tensor Dummy, Tensor[] TransposedProduct);
}
