using HessianWeb.Client.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Data;

public class DataTensorsTests
{
    static readonly LabelledPoints Points = new([0.1, -2, 3e-9, 4], [1, 0], 2);

    [Fact]
    public void Inputs_are_float64_by_default_and_labels_int64()
    {
        using var data = DataTensors.From(Points, torch.CPU);

        Assert.Equal((ScalarType.Float64, ScalarType.Int64), (data.Inputs.dtype, data.Labels.dtype));
        Assert.Equal([2L, 2], data.Inputs.shape);
        Assert.Equal(Points.Inputs, data.Inputs.data<double>().ToArray());
        Assert.Equal([1L, 0], data.Labels.data<long>().ToArray());
    }

    [Fact]
    public void Float32_inputs_are_the_points_rounded()
    {
        using var data = DataTensors.From(Points, torch.CPU, ScalarType.Float32);

        Assert.Equal(ScalarType.Float32, data.Inputs.dtype);
        Assert.Equal(Points.Inputs.Select(x => (float)x), data.Inputs.data<float>().ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => DataTensors.From(Points, torch.CPU, ScalarType.Int32));
    }
}
