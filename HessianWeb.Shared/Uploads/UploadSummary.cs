namespace HessianWeb.Shared.Uploads;

/// <summary>
/// What an uploaded file is, told from its bytes at upload (<see cref="UploadFormats.Detect"/>), never from its name:
/// a safetensors file (data or weights), a NumPy .npz (data), a layer list (JSON, <see cref="SequentialModelFile"/>),
/// a TorchScript file (<c>torch.jit.save</c>), or a PyTorch state dict (<c>torch.save(model.state_dict())</c>).
/// </summary>
public enum UploadKind { Safetensors, Npz, Layers, Torchscript, StateDict }

/// <summary>One tensor a file holds, by name.</summary>
/// <param name="Dtype">The safetensors name (F32, F64, I64, …) whatever the file's format.</param>
public sealed record TensorShape(string Name, string Dtype, long[] Shape);

/// <summary>What a file holds, read once at upload and kept with it, so the form and the submit check need not read it again.</summary>
public sealed record UploadContents
{
    /// <summary>Data: its tensors (x, y, …). Weights: every entry. A model: its parameters, then its buffers, in the model's order.</summary>
    public IReadOnlyList<TensorShape> Tensors { get; init; } = [];

    /// <summary>A model's layers or modules, one line each, as a person reads them ("3: Conv2d(16 → 32, 3×3, stride 1, padding 1)").</summary>
    public IReadOnlyList<string> Architecture { get; init; } = [];

    /// <summary>A model: the values of its parameters (buffers excluded); null for data and bare weights.</summary>
    public long? ParameterCount { get; init; }

    /// <summary>A model: the names of its parameters in the flat order the Hessian's variables take; empty otherwise.</summary>
    public IReadOnlyList<string> Parameters { get; init; } = [];

    /// <summary>Data: the largest label in y (and y_test) + 1; null otherwise.</summary>
    public int? Classes { get; init; }

    /// <summary>A model whose input it declares (a layer list's <see cref="SequentialModelFile.InputShape"/>); null otherwise.</summary>
    public long[]? InputShape { get; init; }
}

/// <summary>A stored upload, as <c>POST /api/uploads</c> answers and <c>GET /api/uploads</c> lists it.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the file: the same bytes uploaded twice are one upload.</param>
/// <param name="FileName">The name it was uploaded under, for people; the kind comes from the bytes.</param>
public sealed record UploadSummary(
    Guid Id, string Sha256, long Bytes, string FileName, UploadKind Kind, DateTimeOffset CreatedAt, string? UploadedBy, UploadContents Contents);

/// <summary>Where uploads live on the server.</summary>
public static class UploadRoutes
{
    /// <summary>POST a multipart form with one file part; GET the list; GET <c>/{id}</c> one.</summary>
    public const string Api = "/api/uploads";

    /// <summary>The worker's download of an upload's bytes (ranges allowed), with its token, as for artifacts.</summary>
    public static string WorkerDownload(Guid id) => $"{Artifacts.ArtifactRoutes.Prefix}/uploads/{id}";
}
