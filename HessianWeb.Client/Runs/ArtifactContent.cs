using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Client.Runs;

/// <summary>
/// An artifact (<see cref="ArtifactKinds"/>) as the worker holds it: its tensors' bytes where they are
/// (<see cref="TensorContent"/>), to be read while the caller waits (<see cref="IRunReporter.Artifact"/>). Disposing it
/// releases the worker's handles on those bytes, never the tensors themselves.
/// </summary>
public sealed class ArtifactContent(string checkpoint, string kind, IReadOnlyList<TensorContent> tensors) : IDisposable
{
    public string Checkpoint { get; } = checkpoint;
    public string Kind { get; } = kind;
    public IReadOnlyList<TensorContent> Tensors { get; } = tensors;

    /// <summary>The artifact with copies of its tensors' bytes.</summary>
    public ArtifactResult ToResult() => new(Checkpoint, Kind, Tensors.Select(t => t.ToNamedTensor()).ToList());

    /// <summary>The safetensors file of these tensors with <paramref name="metadata"/>, to be read in pieces.</summary>
    public SafeTensorsFile File(IReadOnlyDictionary<string, string> metadata) =>
        new(SafeTensorsWriter.Prefix(Tensors.Select(t => t.Description).ToList(), metadata), Tensors);

    public void Dispose()
    {
        foreach (var t in Tensors) t.Dispose();
    }
}

/// <summary>
/// A safetensors file that exists only as its header and the tensors' bytes where they lie: <see cref="Read"/> gives any
/// stretch of it, so it can be sent in chunks and sent again from any offset.
/// </summary>
public sealed class SafeTensorsFile(byte[] prefix, IReadOnlyList<TensorContent> tensors)
{
    public long Length { get; } = prefix.Length + tensors.Sum(t => t.Length);

    /// <summary>Fills <paramref name="destination"/> with the file's bytes from <paramref name="offset"/>; it must not run past the end.</summary>
    public void Read(long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(offset + destination.Length, Length, nameof(destination));
        if (offset < prefix.Length)
        {
            var count = (int)Math.Min(prefix.Length - offset, destination.Length);
            prefix.AsSpan((int)offset, count).CopyTo(destination);
            destination = destination[count..];
            offset += count;
        }
        var start = (long)prefix.Length;
        foreach (var tensor in tensors)
        {
            if (destination.IsEmpty) return;
            if (offset < start + tensor.Length)
            {
                var count = (int)Math.Min(start + tensor.Length - offset, destination.Length);
                tensor.CopyTo(offset - start, destination[..count]);
                destination = destination[count..];
                offset += count;
            }
            start += tensor.Length;
        }
    }
}
