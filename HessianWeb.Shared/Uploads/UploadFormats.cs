namespace HessianWeb.Shared.Uploads;

/// <summary>Tells an upload's kind from its bytes and reads what the kinds the server can read hold.</summary>
public static class UploadFormats
{
    /// <summary>The kind from the file's first bytes and, for a zip, its entry names.</summary>
    /// <exception cref="InvalidDataException">The file is none of the kinds, with what it looks like instead.</exception>
    public static UploadKind Detect(string path) => throw new NotImplementedException();

    /// <summary>
    /// What a safetensors, .npz or layer-list file holds, checked through (a truncated file, a bad header or layer is
    /// refused here). A TorchScript file or a state dict needs LibTorch: null, the worker's <c>inspect</c> reads those.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is malformed, with the reason.</exception>
    public static UploadContents? Inspect(string path, UploadKind kind) => throw new NotImplementedException();
}
