using HessianWeb.Client.Models;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Client.Runs;

/// <summary>One uploaded file on this worker's disk, with the kind the server told from its bytes.</summary>
public sealed record LocalUpload(string Path, UploadKind Kind);

/// <summary>
/// The uploads a spec names (data.file, model.file, model.weights) as local files, by upload id: what the worker's
/// transfer brought for the assignment (<see cref="Worker.IArtifactTransfer.Fetch"/>). Built-in data and models need none.
/// </summary>
public sealed class LocalUploads(IReadOnlyDictionary<Guid, LocalUpload> files)
{
    public static LocalUploads None { get; } = new(new Dictionary<Guid, LocalUpload>());

    /// <summary>The local copy of the upload a spec field names.</summary>
    /// <exception cref="UploadedFileException">The field names none, or the assignment did not bring it.</exception>
    public LocalUpload Of(Guid? id, string field) =>
        id is not { } upload ? throw new UploadedFileException($"{field}: the spec names no uploaded file.")
        : files.TryGetValue(upload, out var file) ? file
        : throw new UploadedFileException($"{field}: the upload {upload} did not come with the assignment.");

    /// <summary>The files of an uploaded model (null for a built-in one), its weights optional for TorchScript.</summary>
    /// <param name="pointShape">One data point's shape, for a model that does not declare its input.</param>
    public ModelFiles? ModelFiles(ModelSpec model, long[]? pointShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!SpecLimits.IsUploaded(model.Kind)) return null;
        var weights = model.Weights is null ? null : Of(model.Weights, SpecFields.Model.Weights).Path;
        return new ModelFiles(Of(model.File, SpecFields.Model.File).Path, weights, pointShape);
    }
}
