namespace HessianWeb.Server.Uploads;

/// <summary>
/// An upload the store does not keep, with the reason in words: the API answers <see cref="Status"/> (422 unless the
/// file is too large, 413, the uploader may not upload, 403, or this server cannot read its kind now, 503), the form shows <see cref="Exception.Message"/>.
/// </summary>
public sealed class UploadRefusedException(string reason, int status = StatusCodes.Status422UnprocessableEntity) : Exception(reason)
{
    public int Status { get; } = status;
}
