using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>The data set a spec names, generated or read, standardised unless the spec says not to.</summary>
public static class DataSets
{
    /// <exception cref="DataFileException">An image set's file is missing or malformed.</exception>
    public static ClassificationData Load(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            DataKind.Blobs => spec.Generator == DataGenerator.HessianWeb ? GaussianBlobs.Generate(spec) : ScikitLearnBlobs.Generate(spec),
            DataKind.Moons => TwoMoons.Generate(spec),
            DataKind.Circles => ConcentricCircles.Generate(spec),
            DataKind.Mnist or DataKind.FashionMnist => ImageDataSet.Load(spec),
            DataKind.Cifar10 => Cifar10DataSet.Load(spec),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), $"Unknown data set {spec.Kind}."),
        };
    }
}
