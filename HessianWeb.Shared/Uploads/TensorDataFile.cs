using System.Buffers.Binary;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Shared.Uploads;

/// <summary>
/// A data upload (<see cref="Specs.DataKind.Tensors"/>): a safetensors or .npz file with x (N × …, F32 or F64) and y (N,
/// I64, labels 0 … classes − 1), optionally x_test and y_test of the same per-point shape. One place checks it, for the
/// server at upload and the worker at load; each error names the tensor.
/// </summary>
public static class TensorDataFile
{
    public const string Inputs = "x";
    public const string Labels = "y";
    public const string TestInputs = "x_test";
    public const string TestLabels = "y_test";

    static readonly string[] Known = [Inputs, Labels, TestInputs, TestLabels];

    /// <summary>Whether an upload is a data set: a safetensors or .npz file holding x and y (any other safetensors file is weights).</summary>
    public static bool IsDataSet(UploadSummary upload) => upload.Kind is UploadKind.Safetensors or UploadKind.Npz
        && upload.Contents.Tensors.Any(t => t.Name == Inputs) && upload.Contents.Tensors.Any(t => t.Name == Labels);

    /// <summary>Shapes, dtypes and label range checked; the contents list the tensors and <see cref="UploadContents.Classes"/>.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing, of the wrong type or shape, or a label is negative.</exception>
    public static UploadContents Inspect(string path, UploadKind kind)
    {
        // The labels are all a check reads; the points are passed over, never held (a file may be a gigabyte).
        var tensors = Read(path, kind, name => name is Labels or TestLabels);
        return new UploadContents
        {
            Tensors = tensors.Select(t => new TensorShape(t.Name, SafeTensorsDtype.ToFile(t.Dtype), t.Shape)).ToList(),
            Classes = (int)tensors.Where(t => t.Name is Labels or TestLabels).Max(t => Labels64(t).DefaultIfEmpty(-1).Max()) + 1,
        };
    }

    /// <summary>The checked tensors with their bytes: x, y, then x_test and y_test when the file has them.</summary>
    /// <param name="keepData">Which tensors keep their bytes; the others are passed over and their data is null. Null: all.</param>
    /// <exception cref="InvalidDataException">As <see cref="Inspect"/>.</exception>
    public static IReadOnlyList<NamedTensor> Read(string path, UploadKind kind, Func<string, bool>? keepData = null)
    {
        keepData ??= _ => true;
        var all = kind switch
        {
            UploadKind.Safetensors => ReadSafeTensors(path, keepData),
            UploadKind.Npz => NpzFile.Read(path, keepData),
            _ => throw new InvalidDataException($"Data come as safetensors or .npz, not as {kind}."),
        };
        var byName = all.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var extra = byName.Keys.Except(Known).ToArray();
        if (extra.Length > 0)
            throw new InvalidDataException($"The data file holds {string.Join(", ", extra.Select(n => $"'{n}'"))}; it may hold only x, y, x_test and y_test.");
        var x = Require(byName, Inputs);
        var y = Require(byName, Labels);
        CheckPair(x, y, "");
        var tensors = new List<NamedTensor> { x, y };
        var xTest = byName.GetValueOrDefault(TestInputs);
        var yTest = byName.GetValueOrDefault(TestLabels);
        if ((xTest is null) != (yTest is null))
            throw new InvalidDataException($"The data file has {(xTest is null ? TestLabels : TestInputs)} but not {(xTest is null ? TestInputs : TestLabels)}: give both or neither.");
        if (xTest is not null && yTest is not null)
        {
            CheckPair(xTest, yTest, "_test");
            if (!xTest.Shape.Skip(1).SequenceEqual(x.Shape.Skip(1)))
                throw new InvalidDataException($"x_test's points are {Shape(xTest.Shape.Skip(1))} but x's are {Shape(x.Shape.Skip(1))}: they must match.");
            tensors.Add(xTest);
            tensors.Add(yTest);
        }
        return tensors;
    }

    static NamedTensor Require(Dictionary<string, NamedTensor> byName, string name) =>
        byName.GetValueOrDefault(name) ?? throw new InvalidDataException(
            $"The data file has no tensor '{name}'; it holds {(byName.Count == 0 ? "none" : string.Join(", ", byName.Keys.Select(n => $"'{n}'")))}. It needs x (points × …) and y (labels).");

    static void CheckPair(NamedTensor x, NamedTensor y, string suffix)
    {
        if (x.Dtype is not ("float32" or "float64"))
            throw new InvalidDataException($"x{suffix} is {x.Dtype}; it must be float32 or float64.");
        if (x.Shape.Length < 2)
            throw new InvalidDataException($"x{suffix} has shape {Shape(x.Shape)}; it must be points × values (at least 2 dimensions).");
        if (x.Shape[0] < 1 || x.Shape.Skip(1).Any(e => e < 1))
            throw new InvalidDataException($"x{suffix} has shape {Shape(x.Shape)}, with no points or an empty dimension.");
        if (y.Dtype != "int64")
            throw new InvalidDataException($"y{suffix} is {y.Dtype}; it must hold int64 class indices (int32 in an .npz is read as int64).");
        if (y.Shape.Length != 1)
            throw new InvalidDataException($"y{suffix} has shape {Shape(y.Shape)}; it must be one label per point.");
        if (y.Shape[0] != x.Shape[0])
            throw new InvalidDataException($"y{suffix} has {y.Shape[0]:N0} labels but x{suffix} has {x.Shape[0]:N0} points.");
        var labels = Labels64(y);
        var negative = Array.FindIndex(labels, l => l < 0);
        if (negative >= 0) throw new InvalidDataException($"y{suffix}[{negative}] is {labels[negative]}; labels are class indices from 0.");
        if (labels.Max() >= Specs.SpecLimits.MaxClasses)
            throw new InvalidDataException($"y{suffix} has label {labels.Max()}; at most {Specs.SpecLimits.MaxClasses} classes (0 … {Specs.SpecLimits.MaxClasses - 1}).");
        if (suffix == "" && labels.Distinct().Count() < 2)
            throw new InvalidDataException("y holds a single class; the training set needs at least two.");
    }

    static long[] Labels64(NamedTensor y)
    {
        var data = y.Data ?? [];
        var labels = new long[data.Length / 8];
        for (var i = 0; i < labels.Length; i++) labels[i] = BinaryPrimitives.ReadInt64LittleEndian(data.AsSpan(8 * i));
        return labels;
    }

    static IReadOnlyList<NamedTensor> ReadSafeTensors(string path, Func<string, bool> keepData)
    {
        using var file = File.OpenRead(path);
        return SafeTensorsReader.ReadAsync(file, keepData).GetAwaiter().GetResult();
    }

    static string Shape(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";
}
