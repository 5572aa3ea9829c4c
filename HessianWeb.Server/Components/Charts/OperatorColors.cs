using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Charts;

/// <summary>One colour per curvature operator wherever H, G and R are drawn side by side.</summary>
public static class OperatorColors
{
    public static string For(string @operator) => @operator switch
    {
        CurvatureOperators.Hessian => "#3949ab",
        CurvatureOperators.GaussNewton => "#2e7d32",
        CurvatureOperators.Residual => "#c2185b",
        _ => "#6d4c41",
    };
}
