namespace HessianWeb.Server.Runs.Interpolations;

/// <summary>
/// The two ends and the α grid of an interpolation requested for a finished run. It is scheduled, run and ended as the
/// <see cref="Analyses.AnalysisRecord"/> with the same <see cref="Id"/> (whose label its points carry), so a lost worker
/// or a restart is handled as for any new analysis.
/// </summary>
public sealed class InterpolationRecord
{
    public Guid Id { get; set; }
    /// <summary>The run whose data the losses are taken on and whose events carry the points.</summary>
    public Guid RunId { get; set; }
    public Guid FromRunId { get; set; }
    public required string FromCheckpoint { get; set; }
    public Guid ToRunId { get; set; }
    public required string ToCheckpoint { get; set; }
    /// <summary>The <see cref="Shared.Specs.InterpolationSpec"/> as JSON (its From and To name the ends in words).</summary>
    public required string LineJson { get; set; }
}
