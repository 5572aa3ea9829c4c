using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Curvature;

/// <summary>An explicit Hessian was asked for a model with more than <see cref="SpecLimits.MaxExactParameters"/> parameters.</summary>
public sealed class ExactHessianTooLargeException(long parameters) : Exception(
    $"The exact Hessian of {parameters:N0} parameters would need {parameters * (double)parameters * sizeof(double) / 1e9:N1} GB " +
    $"({parameters:N0}² float64); it is formed for at most {SpecLimits.MaxExactParameters:N0} parameters.")
{
    public long Parameters { get; } = parameters;
}
