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
            var contents = UploadFormats.Inspect(path, kind) ?? await worker.InspectAsync(path, kind, fileName, ct);
            return (kind, contents);
        }
        catch (InvalidDataException ex)
        {
            throw new UploadRefusedException($"{fileName}: {ex.Message}");
        }
    }
}
