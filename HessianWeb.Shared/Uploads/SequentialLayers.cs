using HessianWeb.Shared.Specs;

namespace HessianWeb.Shared.Uploads;

/// <summary>The one reading of a <see cref="SequentialModelFile"/>: its checks, its shapes and its parameters' names.</summary>
public static class SequentialLayers
{
    /// <exception cref="InvalidDataException">Not a layer list, or a layer that is unknown, misses a field, or does not fit the shape before it (named by index).</exception>
    public static SequentialModelFile Parse(string json) => throw new NotImplementedException();

    /// <summary>
    /// The parameters (then, after them, the buffers) with their nn.Sequential names and shapes, parameters in the flat
    /// order of the Hessian's variables: layer by layer, weight then bias. Dtype "F64".
    /// </summary>
    public static IReadOnlyList<TensorShape> Parameters(SequentialModelFile model) => throw new NotImplementedException();

    /// <summary>The buffers (batch norms' running_mean, running_var, num_batches_tracked) with their names and shapes.</summary>
    public static IReadOnlyList<TensorShape> Buffers(SequentialModelFile model) => throw new NotImplementedException();

    /// <summary>One point's output shape (e.g. [10]).</summary>
    public static long[] OutputShape(SequentialModelFile model) => throw new NotImplementedException();

    /// <summary>The architecture lines, parameter count and input shape the form shows.</summary>
    public static UploadContents Inspect(SequentialModelFile model) => throw new NotImplementedException();

    /// <summary>
    /// The built-in MLP or CNN a spec describes as a layer list with the same parameter names (what the export writes as
    /// model.json); <paramref name="classes"/> outputs.
    /// </summary>
    public static SequentialModelFile From(ModelSpec model, DataSpec data) => throw new NotImplementedException();
}
