namespace HessianWeb.Server.Artifacts;

/// <summary>Bound from the <c>Artifacts</c> configuration section.</summary>
public sealed class ArtifactTransferOptions
{
    /// <summary>Space the data directory's disk keeps free: an upload that would leave less is refused with 507.</summary>
    public long MinimumFreeBytes { get; set; } = 256L << 20;

    /// <summary>The largest file one upload may be (413 above).</summary>
    public long MaxFileBytes { get; set; } = 64L << 30;
}
