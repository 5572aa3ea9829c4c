using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Curvature;

/// <summary>An explicit curvature matrix (Hessian, Gauss–Newton, residual) was asked for a model with more parameters than allowed.</summary>
/// <param name="parameters">The model's parameter count M: the matrix would be M×M.</param>
/// <param name="limit">The most parameters the matrix is formed for.</param>
/// <param name="matrix">Which matrix, in words ("Hessian", "Gauss–Newton matrix", ...).</param>
public sealed class ExactHessianTooLargeException(long parameters, long limit, string matrix) : Exception(
    $"The exact {matrix} of {parameters:N0} parameters would need {parameters * (double)parameters * sizeof(double) / 1e9:N1} GB " +
    $"({parameters:N0}² float64); it is formed for at most {limit:N0} parameters.")
{
    /// <summary>The Hessian against the spec's limit, <see cref="SpecLimits.MaxExactParameters"/>.</summary>
    public ExactHessianTooLargeException(long parameters) : this(parameters, SpecLimits.MaxExactParameters, "Hessian") { }

    public long Parameters { get; } = parameters;
    public long Limit { get; } = limit;
    public string Matrix { get; } = matrix;
}
