using HessianWeb.Client.Randomness;

namespace HessianWeb.Client.Spectral;

/// <summary>The law of the random probe vectors of SLQ and trace estimators; both have E[z·zᵀ] = I.</summary>
public enum ProbeDistribution
{
    /// <summary>Independent ±1 entries (Hutchinson 1989): the least variance for a trace estimate.</summary>
    Rademacher,
    /// <summary>Independent N(0, 1) entries: rotation invariant.</summary>
    Gaussian,
}

internal static class ProbeVectors
{
    public static void Fill(SeededRandom random, ProbeDistribution distribution, Span<double> probe)
    {
        if (distribution == ProbeDistribution.Gaussian)
        {
            for (var i = 0; i < probe.Length; i++) probe[i] = random.NextNormal();
            return;
        }
        for (var i = 0; i < probe.Length; i += 64)
        {
            var bits = random.NextUInt64();
            for (var b = 0; b < 64 && i + b < probe.Length; b++) probe[i + b] = ((bits >> b) & 1) == 0 ? 1.0 : -1.0;
        }
    }
}
