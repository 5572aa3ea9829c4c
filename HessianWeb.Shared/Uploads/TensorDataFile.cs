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

    /// <summary>Shapes, dtypes and label range checked; the contents list the tensors and <see cref="UploadContents.Classes"/>.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing, of the wrong type or shape, or a label is negative.</exception>
    public static UploadContents Inspect(string path, UploadKind kind) => throw new NotImplementedException();

    /// <summary>The checked tensors with their bytes: x, y, then x_test and y_test when the file has them.</summary>
    /// <exception cref="InvalidDataException">As <see cref="Inspect"/>.</exception>
    public static IReadOnlyList<NamedTensor> Read(string path, UploadKind kind) => throw new NotImplementedException();
}
