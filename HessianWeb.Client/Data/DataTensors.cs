using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Data;

/// <summary>A labelled set on a device: inputs [N, d] (float64 unless asked otherwise) and int64 class indices [N].</summary>
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

    /// <param name="dtype">The inputs' type: a model's own (float32 inputs are the float64 points rounded).</param>
    public static DataTensors From(LabelledPoints points, Device device, ScalarType dtype = ScalarType.Float64)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (dtype is not (ScalarType.Float64 or ScalarType.Float32))
            throw new ArgumentOutOfRangeException(nameof(dtype), $"Inputs are float64 or float32, not {dtype}.");
        using var scope = torch.NewDisposeScope();
        var inputs = torch.tensor(points.Inputs, [points.Count, points.Dimension], dtype: ScalarType.Float64, device: device).to(dtype);
        var labels = torch.tensor(points.Labels.Select(l => (long)l).ToArray(), [points.Count], dtype: ScalarType.Int64, device: device);
        return new DataTensors(inputs.DetachFromDisposeScope(), labels.DetachFromDisposeScope());
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Labels.Dispose();
    }
}
