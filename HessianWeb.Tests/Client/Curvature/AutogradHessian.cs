using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

/// <summary>
/// An explicit Hessian by a route independent of <c>HessianVectorProduct</c>: row i is the gradient of the
/// scalar ∂L/∂w_i (as torch.autograd.functional.hessian does), no grad_outputs involved.
/// </summary>
internal static class AutogradHessian
{
    public static double[,] RowByRow(IList<Tensor> parameters, Func<Tensor> loss)
    {
        using var scope = torch.NewDisposeScope();
        var gradients = torch.autograd.grad([loss()], parameters, retain_graph: true, create_graph: true);
        var flat = torch.cat(gradients.Select(g => g.flatten()).ToList(), 0);
        var m = (int)flat.numel();
        var hessian = new double[m, m];
        for (var i = 0; i < m; i++)
        {
            using var rowScope = torch.NewDisposeScope();
            var row = torch.autograd.grad([flat[i]], parameters, retain_graph: true, allow_unused: true);
            var values = torch.cat(row.Select((r, j) => (r is null || r.IsInvalid ? torch.zeros_like(parameters[j]) : r).flatten()).ToList(), 0)
                .data<double>().ToArray();
            for (var j = 0; j < m; j++) hessian[i, j] = values[j];
        }
        return hessian;
    }
}
