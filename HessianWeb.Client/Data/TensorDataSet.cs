using System.Runtime.InteropServices;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Client.Data;

/// <summary>
/// Uploaded data (<see cref="Shared.Specs.DataKind.Tensors"/>): x, y and optionally x_test, y_test as
/// <see cref="TensorDataFile.Read"/> checks them, each point flattened to one row of d values with its shape kept
/// (<see cref="ClassificationData.PointShape"/>) for a model that takes it. Used as given: never standardised, since a
/// model trained elsewhere expects its inputs as they were.
/// </summary>
public static class TensorDataSet
{
    /// <exception cref="UploadedFileException">The file is not data as <see cref="TensorDataFile"/> describes it; the
    /// message names the tensor.</exception>
    public static ClassificationData Load(LocalUpload file)
    {
        ArgumentNullException.ThrowIfNull(file);
        IReadOnlyList<NamedTensor> tensors;
        try { tensors = TensorDataFile.Read(file.Path, file.Kind); }
        catch (InvalidDataException bad) { throw new UploadedFileException($"The data file: {bad.Message}", bad); }
        var byName = tensors.ToDictionary(t => t.Name);
        var train = Points(byName[TensorDataFile.Inputs], byName[TensorDataFile.Labels]);
        var test = byName.TryGetValue(TensorDataFile.TestInputs, out var x) && byName.TryGetValue(TensorDataFile.TestLabels, out var y)
            ? Points(x, y)
            : new LabelledPoints([], [], train.Dimension);
        var largest = train.Labels.Concat(test.Labels).DefaultIfEmpty(0).Max();
        return new ClassificationData(train, test, largest + 1) { PointShape = byName[TensorDataFile.Inputs].Shape[1..] };
    }

    /// <summary>x [N, …] as N rows of its per-point values, in float64 (float32 values widen exactly); y [N] as labels.</summary>
    static LabelledPoints Points(NamedTensor x, NamedTensor y)
    {
        var d = checked((int)x.Shape[1..].Aggregate(1L, (product, n) => product * n));
        var inputs = x.Dtype switch
        {
            TensorBytes.Float64 => MemoryMarshal.Cast<byte, double>(x.Data).ToArray(),
            TensorBytes.Float32 => Array.ConvertAll(MemoryMarshal.Cast<byte, float>(x.Data).ToArray(), v => (double)v),
            _ => throw new UploadedFileException($"The data file: {x.Name} is {x.Dtype}; inputs are float32 or float64."),
        };
        var labels = y.Dtype == TensorBytes.Int64
            ? Array.ConvertAll(MemoryMarshal.Cast<byte, long>(y.Data).ToArray(), l => checked((int)l))
            : throw new UploadedFileException($"The data file: {y.Name} is {y.Dtype}; labels are int64.");
        return new LabelledPoints(inputs, labels, d);
    }
}
