namespace HessianWeb.Client.Curvature;

/// <summary>Which training points a curvature operator averages over, and in what mini-batches.</summary>
/// <param name="Size">How many points, drawn without replacement by the seeded stream; null: the whole training set.</param>
/// <param name="BatchSize">Points per mini-batch (the last may be smaller); null: the whole sample in one batch.</param>
/// <param name="Seed">Seed of the sample's stream (<see cref="Randomness.RandomStream.CurvatureSample"/>).</param>
public sealed record CurvatureSample(int? Size = null, int? BatchSize = null, int Seed = 0)
{
    public static CurvatureSample FullBatch { get; } = new();
}
