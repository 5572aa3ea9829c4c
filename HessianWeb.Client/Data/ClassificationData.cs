namespace HessianWeb.Client.Data;

/// <summary>A training and a test set drawn from one distribution over <see cref="Classes"/> classes.</summary>
public sealed record ClassificationData(LabelledPoints Train, LabelledPoints Test, int Classes)
{
    public int InputDim => Train.Dimension;

    /// <summary>One point's shape before it was flattened to <see cref="InputDim"/> values; null when points are plain vectors.</summary>
    /// <remarks>Set for uploaded data (<see cref="TensorDataSet"/>), whose model may take its points in that shape.</remarks>
    public long[]? PointShape { get; init; }
}
