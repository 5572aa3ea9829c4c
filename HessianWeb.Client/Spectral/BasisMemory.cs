using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// Keeps the last Lanczos basis tensor given back (one, up to <see cref="MaxRetainedBytes"/>) for the next run on an
/// operator of the same dimension.
/// </summary>
/// <remarks>
/// Fresh memory costs a page fault per 4 KiB page on first touch: about 0.8 ms for each new basis vector of 270,000
/// float64 values on this machine, as much as the rest of a Lanczos step. A worker measures spectra of one model again
/// and again (every checkpoint, SLQ's probes), so reusing the pages pays; the slot is taken atomically, so concurrent
/// runs never share one.
/// </remarks>
internal static class BasisMemory
{
    const long MaxRetainedBytes = 512L << 20;

    static Tensor? retained;

    /// <summary>A float64 CPU tensor of at least <paramref name="rows"/> rows of <paramref name="dimension"/> values; contents undefined.</summary>
    public static Tensor Rent(int rows, int dimension)
    {
        var candidate = Interlocked.Exchange(ref retained, null);
        if (candidate is not null && candidate.shape[1] == dimension && candidate.shape[0] >= rows) return candidate;
        candidate?.Dispose();
        using var scope = torch.NewDisposeScope();
        return torch.empty([rows, dimension], dtype: ScalarType.Float64, device: torch.CPU).DetachFromDisposeScope();
    }

    public static void Return(Tensor rows)
    {
        if (rows.numel() * sizeof(double) > MaxRetainedBytes)
        {
            rows.Dispose();
            return;
        }
        Interlocked.Exchange(ref retained, rows)?.Dispose();
    }
}
