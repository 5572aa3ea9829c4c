using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Curvature;

/// <summary>
/// <c>autograd.grad(outputs, inputs, grad_outputs)</c> made safe for outputs that do not depend on the inputs: LibTorch
/// aborts the whole process on an output without a graph, and a gradient that is constant in w (a bias's gradient under
/// a loss linear in that layer's outputs, say) has none. Such outputs contribute nothing and are left out; inputs that
/// no output reaches get zeros.
/// </summary>
internal static class VectorJacobianProduct
{
    /// <param name="gradOutputs">One per output; null: ones (the gradient of scalar outputs).</param>
    public static Tensor[] Of(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor>? gradOutputs, bool retainGraph, bool createGraph = false)
    {
        gradOutputs ??= outputs.Select(o => torch.ones_like(o)).ToArray();
        var live = Enumerable.Range(0, outputs.Count).Where(i => outputs[i].requires_grad).ToArray();
        if (live.Length == 0) return inputs.Select(x => torch.zeros_like(x)).ToArray();
        var results = torch.autograd.grad(
            live.Select(i => outputs[i]).ToArray(), inputs.ToArray(), live.Select(i => gradOutputs[i]).ToArray(),
            retain_graph: retainGraph, create_graph: createGraph, allow_unused: true);
        return results.Select((r, i) => r is null || r.IsInvalid ? torch.zeros_like(inputs[i]) : r).ToArray();
    }
}
