namespace HessianWeb.Shared.Runs;

/// <summary>
/// An upper estimate of an event's JSON on the hub, from the numbers it carries (a double is at most 25 characters
/// with its comma, e.g. <c>-1.2345678901234567E-305,</c>), so a sender can keep each message of batched events under
/// the hub's limit without serialising twice.
/// </summary>
public static class RunEventSize
{
    const int NumberBytes = 25;
    const int FixedBytes = 1_024;

    public static long Estimate(RunEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        long numbers = e.Kind switch
        {
            RunEventKind.Lanczos when e.Lanczos is { } l => l.RitzValues.Length + l.ResidualBounds.Length,
            RunEventKind.Spectrum when e.Spectrum is { } s =>
                s.Eigenvalues.Length + (s.ResidualBounds?.Length ?? 0) + (s.Converged?.Length ?? 0)
                + (s.BottomEigenvalues?.Length ?? 0) + (s.BottomResidualBounds?.Length ?? 0) + (s.BottomConverged?.Length ?? 0),
            RunEventKind.Density when e.Density is { } d => d.Grid.Length + d.Density.Length + d.ProbeDensities.Sum(p => (long)p.Length),
            RunEventKind.Artifact when e.Artifact is { } a => a.Tensors.Sum(t => t.Shape.Length + 8L),
            _ => 0,
        };
        var text = e.Status?.Error?.Length ?? 0;
        var bytes = e.Artifact?.Tensors.Sum(t => t.Data?.LongLength ?? 0) ?? 0; // base64: 4 characters per 3 bytes
        return FixedBytes + NumberBytes * numbers + 4L * text + 2 * bytes;
    }
}
