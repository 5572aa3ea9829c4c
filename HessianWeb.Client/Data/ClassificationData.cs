namespace HessianWeb.Client.Data;

/// <summary>A training and a test set drawn from one distribution over <see cref="Classes"/> classes.</summary>
public sealed record ClassificationData(LabelledPoints Train, LabelledPoints Test, int Classes)
{
    public int InputDim => Train.Dimension;
}
