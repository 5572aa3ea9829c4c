namespace HessianWeb.Server.Uploads;

/// <summary>Bound from the <c>Uploads</c> configuration section.</summary>
public sealed class UploadOptions
{
    /// <summary>The largest file one upload may be: counted while it streams in, 413 above.</summary>
    public long MaxBytes { get; set; } = 1L << 30;

    /// <summary>How long the worker's <c>inspect</c> may read a TorchScript file or a state dict before it is refused.</summary>
    public TimeSpan InspectTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A <c>.part</c> file nothing has written to for this long is an upload that stopped: deleted at start.</summary>
    public TimeSpan AbandonedAfter { get; set; } = TimeSpan.FromHours(1);
}
