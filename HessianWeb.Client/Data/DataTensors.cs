using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Data;

/// <summary>A labelled set on a device: float64 inputs [N, d] and int64 class indices [N].</summary>
public sealed class DataTensors : IDisposable
{
    DataTensors(Tensor inputs, Tensor labels)
    {
        Inputs = inputs;
        Labels = labels;
    }

    public Tensor Inputs { get; }
    public Tensor Labels { get; }
    public long Count => Labels.shape[0];

    public static DataTensors From(LabelledPoints points, Device device)
    {
        ArgumentNullException.ThrowIfNull(points);
        var inputs = torch.tensor(points.Inputs, [points.Count, points.Dimension], dtype: ScalarType.Float64, device: device);
        var labels = torch.tensor(points.Labels.Select(l => (long)l).ToArray(), [points.Count], dtype: ScalarType.Int64, device: device);
        return new DataTensors(inputs.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Labels.Dispose();
    }
}
