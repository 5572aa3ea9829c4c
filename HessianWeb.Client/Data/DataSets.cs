using HessianWeb.Client.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>The data set a spec names, generated or read, standardised unless the spec says not to (uploaded data: never).</summary>
public static class DataSets
{
    /// <param name="uploads">The local copies of the uploads the spec names (<see cref="DataSpec.File"/> for tensors data).</param>
    /// <exception cref="DataFileException">An image set's file is missing or malformed.</exception>
    /// <exception cref="UploadedFileException">Uploaded data is malformed, or did not come with the assignment.</exception>
    public static ClassificationData Load(DataSpec spec, LocalUploads? uploads = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Kind switch
        {
            DataKind.Blobs => spec.Generator == DataGenerator.HessianWeb ? GaussianBlobs.Generate(spec) : ScikitLearnBlobs.Generate(spec),
            DataKind.Moons => TwoMoons.Generate(spec),
            DataKind.Circles => ConcentricCircles.Generate(spec),
            DataKind.Mnist or DataKind.FashionMnist => ImageDataSet.Load(spec),
            DataKind.Cifar10 => Cifar10DataSet.Load(spec),
            DataKind.Tensors => TensorDataSet.Load((uploads ?? LocalUploads.None).Of(spec.File, SpecFields.Data.File)),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), $"Unknown data set {spec.Kind}."),
        };
    }
}
