namespace HessianWeb.Shared.Artifacts;

/// <summary>One tensor as a safetensors header describes it; offsets are relative to the start of the data.</summary>
/// <param name="Dtype">The safetensors name: F32, F64 or I64.</param>
public sealed record SafeTensorsEntry(string Name, string Dtype, long[] Shape, long Begin, long End);

/// <summary>A parsed safetensors header: the tensors in data order, the metadata, and where the data starts in the file.</summary>
public sealed record SafeTensorsHeader(IReadOnlyList<SafeTensorsEntry> Tensors, IReadOnlyDictionary<string, string> Metadata, long DataStart)
{
    public const string MetadataKey = "__metadata__";

    /// <summary>Bytes of tensor data the header accounts for.</summary>
    public long DataLength => Tensors.Count == 0 ? 0 : Tensors[^1].End;

    public SafeTensorsEntry this[string name] =>
        Tensors.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"No tensor '{name}' in the file.");
}
