namespace HessianWeb.Server.Sweeps;

/// <summary>A sweep as stored: the sweep as posted; its runs point back at it (<see cref="Runs.RunRecord.SweepId"/>).</summary>
public sealed class SweepRecord
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    /// <summary>One of <see cref="Shared.Sweeps.SweepPresets"/>, or null for a plain sweep.</summary>
    public string? Preset { get; set; }
    /// <summary>The <see cref="Shared.Sweeps.SweepSpec"/> as JSON.</summary>
    public required string SpecJson { get; set; }
    public DateTime CreatedAt { get; set; }
    public int RunCount { get; set; }
}
