using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Components.Charts;

/// <summary>How the pages name the curvature matrices: ∇²L = G + R (docs/paper.md claim 4).</summary>
public static class OperatorNames
{
    static readonly string[] Order = [CurvatureOperators.Hessian, CurvatureOperators.GaussNewton, CurvatureOperators.Residual];

    /// <summary>"H", "G", "R".</summary>
    public static string Symbol(string @operator) => @operator switch
    {
        CurvatureOperators.Hessian => "H",
        CurvatureOperators.GaussNewton => "G",
        CurvatureOperators.Residual => "R",
        _ => @operator,
    };

    public static string Long(string @operator) => @operator switch
    {
        CurvatureOperators.Hessian => "Hessian H",
        CurvatureOperators.GaussNewton => "Gauss–Newton G",
        CurvatureOperators.Residual => "residual R = H − G",
        _ => @operator,
    };

    /// <summary>What one Lanczos step multiplies by.</summary>
    public static string Products(string @operator) => @operator switch
    {
        CurvatureOperators.Hessian => "Hessian-vector products",
        CurvatureOperators.GaussNewton => "Gauss–Newton-vector products",
        _ => $"products with {Symbol(@operator)}",
    };

    /// <summary>H, G, R in that order, then anything else by name.</summary>
    public static IReadOnlyList<string> Ordered(IEnumerable<string> operators) =>
        operators.Distinct().OrderBy(o => Array.IndexOf(Order, o) is var i and >= 0 ? i : Order.Length).ThenBy(o => o, StringComparer.Ordinal).ToList();
}
