using HessianWeb.Shared.Uploads;

namespace HessianWeb.Server.Uploads;

/// <summary>
/// What an uploaded file is and holds, told from its bytes: safetensors, .npz and layer lists read here
/// (<see cref="UploadFormats"/>), TorchScript files and state dicts by the worker's <c>inspect</c> in a child process
/// (<see cref="WorkerInspection"/>).
/// </summary>
public sealed class UploadInspection(WorkerInspection worker)
{
    /// <exception cref="UploadRefusedException">The file is none of the kinds, or malformed, with the reason.</exception>
    public async Task<(UploadKind Kind, UploadContents Contents)> ReadAsync(string path, string fileName, CancellationToken ct)
    {
        try
        {
            var kind = UploadFormats.Detect(path);
            var listed = UploadFormats.Inspect(path, kind);
            var contents = listed is null ? await worker.InspectAsync(path, kind, fileName, ct)
                : IsData(listed) ? TensorDataFile.Inspect(path, kind)
                : listed;
            return (kind, contents);
        }
        catch (InvalidDataException ex)
        {
            throw new UploadRefusedException($"{fileName}: {ex.Message}");
        }
    }

    /// <summary>A safetensors or .npz file with x and y is data, checked as data (the classes come from its labels); one without is weights.</summary>
    static bool IsData(UploadContents listed) =>
        listed.Tensors.Any(t => t.Name == TensorDataFile.Inputs) && listed.Tensors.Any(t => t.Name == TensorDataFile.Labels);
}
