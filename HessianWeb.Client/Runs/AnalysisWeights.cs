using HessianWeb.Shared.Runs;

namespace HessianWeb.Client.Runs;

/// <summary>
/// The weights a new analysis starts from, as downloaded for its assignment (<see cref="Shared.Hubs.AnalysisAssignment"/>):
/// the checkpoint's, and for a loss interpolation also the other end's.
/// </summary>
/// <param name="To">θ_B of an interpolation; null for a curvature analysis.</param>
public sealed record AnalysisWeights(IReadOnlyList<NamedTensor> From, IReadOnlyList<NamedTensor>? To = null);
