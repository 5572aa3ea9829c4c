namespace HessianWeb.Server.Uploads;

/// <summary>
/// An upload the store does not keep, with the reason in words: the API answers <see cref="Status"/> (422 unless the
/// file is too large, 413, or the uploader may not upload, 403), the form shows <see cref="Exception.Message"/>.
/// </summary>
public sealed class UploadRefusedException(string reason, int status = StatusCodes.Status422UnprocessableEntity) : Exception(reason)
{
    public int Status { get; } = status;
}
