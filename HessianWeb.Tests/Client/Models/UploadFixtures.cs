using HessianWeb.Client.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Models;

/// <summary>The uploaded-model fixtures made by Fixtures/uploads/make_resnet.py, read from the test output folder.</summary>
internal static class UploadFixtures
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", "uploads", name);

    /// <summary>The 24 points of resnet_data.safetensors: x flattened to [24, 72] rows, as the data sets hold points, and y.</summary>
    public static (Tensor X, Tensor Y) Data()
    {
        var tensors = WeightsFile.Read(Path("resnet_data.safetensors"));
        return (tensors["x"].flatten(1), tensors["y"]);
    }

    public static readonly long[] PointShape = [2, 6, 6];
}
