using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Charts;

/// <summary>One colour per quantity wherever training curves, interpolations and their markers are drawn.</summary>
public static class QuantityColors
{
    public const string Train = "#1e88e5";
    public const string Test = "#e65100";
    /// <summary>Reference lines and markers: phase starts, the ends of an interpolation.</summary>
    public const string Marker = "#546e7a";

    /// <summary>λ₁ of H: the Hessian's colour (<see cref="OperatorColors"/>).</summary>
    public static string TopEigenvalue => OperatorColors.For(CurvatureOperators.Hessian);
}
