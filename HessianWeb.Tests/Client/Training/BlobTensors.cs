using HessianWeb.Client.Data;
using HessianWeb.Shared.Specs;
using TorchSharp;

namespace HessianWeb.Tests.Client.Training;

/// <summary>Seeded Gaussian blobs as the training and test tensors a training test works on, disposed with it.</summary>
internal sealed class BlobTensors : IDisposable
{
    public BlobTensors(DataSpec spec)
    {
        Data = GaussianBlobs.Generate(spec);
        Train = DataTensors.From(Data.Train, torch.CPU);
        Test = DataTensors.From(Data.Test, torch.CPU);
    }

    /// <summary>The points themselves, for a test that needs them in another dtype.</summary>
    public ClassificationData Data { get; }

    public DataTensors Train { get; }
    public DataTensors Test { get; }

    public void Dispose()
    {
        Train.Dispose();
        Test.Dispose();
    }
}
