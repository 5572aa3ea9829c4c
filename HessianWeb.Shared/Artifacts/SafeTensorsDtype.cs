namespace HessianWeb.Shared.Artifacts;

/// <summary>
/// The element types a run's tensors use, by their wire names (<c>NamedTensor.Dtype</c>) and their
/// safetensors names (<c>F32</c>, <c>F64</c>, <c>I64</c>).
/// </summary>
public static class SafeTensorsDtype
{
    static readonly (string Wire, string File, int Size)[] Known =
    [
        ("float32", "F32", 4),
        ("float64", "F64", 8),
        ("int64", "I64", 8),
    ];

    /// <exception cref="InvalidDataException">Not float32, float64 or int64.</exception>
    public static string ToFile(string wire) => Find(t => t.Wire == wire, wire).File;

    /// <exception cref="InvalidDataException">Not F32, F64 or I64.</exception>
    public static string ToWire(string file) => Find(t => t.File == file, file).Wire;

    /// <summary>Bytes per element of a safetensors dtype.</summary>
    public static int ElementSize(string file) => Find(t => t.File == file, file).Size;

    /// <summary>Elements of a tensor of this shape (1 for a scalar, 0 when any extent is 0).</summary>
    /// <exception cref="InvalidDataException">A negative extent, or more elements than a long holds.</exception>
    public static long ElementCount(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var extent in shape)
        {
            if (extent < 0) throw new InvalidDataException($"A tensor's shape has a negative extent ({extent}).");
            count = checked(count * extent);
        }
        return count;
    }

    static (string Wire, string File, int Size) Find(Func<(string Wire, string File, int Size), bool> match, string name)
    {
        foreach (var t in Known) if (match(t)) return t;
        throw new InvalidDataException($"Unsupported tensor dtype '{name}' (float32/F32, float64/F64 and int64/I64 are).");
    }
}
