namespace HessianWeb.Shared.Specs;

/// <summary>
/// The spacing of floating-point numbers at 1: the relative accuracy of a model's products in its <see cref="ModelDtype"/>,
/// which the worker's Lanczos and the run page's rounding levels both read.
/// </summary>
public static class MachineEpsilon
{
    /// <summary>2⁻⁵².</summary>
    public const double Float64 = 2.220446049250313e-16;

    /// <summary>2⁻²³.</summary>
    public const double Float32 = 1.1920928955078125e-7;
}
