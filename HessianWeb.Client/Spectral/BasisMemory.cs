using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Spectral;

/// <summary>
/// Keeps the last few tensors of vectors a Lanczos run gives back (its basis, its frozen Ritz vectors, their float64
/// room; up to <see cref="Slots"/>, each up to <see cref="MaxRetainedBytes"/>) for the next run on an operator of the
/// same dimension.
/// </summary>
/// <remarks>
/// Fresh memory costs a page fault per 4 KiB page on first touch: about 0.8 ms for each new vector of 270,000 float64
/// values on this machine, as much as the rest of a Lanczos step. A worker measures spectra of one model again and again
/// (every checkpoint, H, G and R, SLQ's probes), so reusing the pages pays; slots are taken atomically, so concurrent runs
/// never share one.
/// </remarks>
internal static class BasisMemory
{
    const long MaxRetainedBytes = 512L << 20;
    const int Slots = 3;

    static readonly Tensor?[] retained = new Tensor?[Slots];

    /// <summary>A CPU tensor of <paramref name="type"/> with at least <paramref name="rows"/> rows of <paramref name="dimension"/> values; contents undefined.</summary>
    public static Tensor Rent(int rows, int dimension, ScalarType type)
    {
        for (var i = 0; i < Slots; i++)
        {
            var candidate = Interlocked.Exchange(ref retained[i], null);
            if (candidate is null) continue;
            if (candidate.dtype == type && candidate.shape[1] == dimension && candidate.shape[0] >= rows) return candidate;
            Keep(candidate);
        }
        using var scope = torch.NewDisposeScope();
        return torch.empty([rows, dimension], dtype: type, device: torch.CPU).DetachFromDisposeScope();
    }

    /// <summary>Gives a rented tensor back: kept in a free slot, else in place of the first slot's (which is freed).</summary>
    public static void Return(Tensor rows)
    {
        if (rows.numel() * rows.ElementSize > MaxRetainedBytes) rows.Dispose();
        else Keep(rows);
    }

    static void Keep(Tensor rows)
    {
        for (var i = 0; i < Slots; i++)
            if (Interlocked.CompareExchange(ref retained[i], rows, null) is null) return;
        Interlocked.Exchange(ref retained[0], rows)?.Dispose();
    }
}
