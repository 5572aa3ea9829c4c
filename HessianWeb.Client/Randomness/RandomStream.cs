namespace HessianWeb.Client.Randomness;

/// <summary>What a seeded stream is for; part of its seed (see <see cref="SeededRandom.For"/>).</summary>
public enum RandomStream : byte
{
    Data = 1,
    Weights = 2,
    BatchOrder = 3,
    LanczosStart = 4,
    /// <summary>The seeded sample of training points a curvature operator averages over.</summary>
    CurvatureSample = 5,
    /// <summary>Probe vectors of stochastic estimators (SLQ, Hutchinson, Hutch++).</summary>
    Probes = 6,
}
