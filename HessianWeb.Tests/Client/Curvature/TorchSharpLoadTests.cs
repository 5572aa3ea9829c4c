using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

/// <summary>
/// LibTorchSharp loads on this machine only through the build's glibcxx fix (build/TorchSharpGlibcxxFix.targets):
/// these fail, rather than skip, when the fix is missing.
/// </summary>
public class TorchSharpLoadTests
{
    [Fact]
    public void TorchSharp_initialises_and_computes_an_analytic_gradient()
    {
        using var scope = torch.NewDisposeScope();
        double[] values = [-1.5, -0.2, 0, 0.7, 2];
        var x = torch.tensor(values, dtype: ScalarType.Float64, requires_grad: true);
        var f = (x.pow(3) + x.sin()).sum(); // ∂f/∂x_i = 3·x_i² + cos x_i

        var gradient = torch.autograd.grad([f], [x])[0].data<double>().ToArray();

        for (var i = 0; i < values.Length; i++)
            Assert.Equal(3 * values[i] * values[i] + Math.Cos(values[i]), gradient[i], 1e-14);
    }

    [Fact]
    public void The_native_library_is_the_copy_in_this_output_folder()
    {
        using (torch.NewDisposeScope()) torch.ones(1).sum().item<float>(); // make sure the backend is loaded

        var loaded = Process.GetCurrentProcess().Modules.Cast<ProcessModule>()
            .Select(m => m.FileName)
            .Where(f => Path.GetFileName(f) is "libLibTorchSharp.so" or "LibTorchSharp.dll" or "libLibTorchSharp.dylib")
            .Distinct()
            .ToArray();

        var library = Assert.Single(loaded);
        Assert.StartsWith(Path.GetFullPath(AppContext.BaseDirectory), Path.GetFullPath(library));
    }
}
