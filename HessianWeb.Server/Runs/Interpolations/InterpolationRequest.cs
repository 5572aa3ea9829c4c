namespace HessianWeb.Server.Runs.Interpolations;

/// <summary>One end of a requested line: a checkpoint with saved weights of this run, or of <see cref="Run"/>.</summary>
public sealed record InterpolationEnd(Guid? Run, string? Checkpoint);

/// <summary>The body of <c>POST /api/runs/{id}/interpolations</c>; the defaults are those of a spec's interpolation.</summary>
public sealed record InterpolationRequest
{
    public InterpolationEnd? From { get; init; }
    public InterpolationEnd? To { get; init; }
    public int Points { get; init; } = 41;
    public double AlphaMin { get; init; } = -0.5;
    public double AlphaMax { get; init; } = 1.5;
    public bool TopEigenvalue { get; init; }
}

/// <summary>A line's points in α order, as <c>GET /api/runs/{id}/interpolations</c> returns them.</summary>
public sealed record InterpolationCurve(string Label, IReadOnlyList<Shared.Runs.InterpolationPoint> Points);
