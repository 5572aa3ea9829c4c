namespace HessianWeb.Server.Access.Shares;

/// <summary>
/// A read-only link to a run, a comparison or a sweep. The link itself carries this id and its expiry, signed; this row
/// says what it opens and whether it was revoked.
/// </summary>
public sealed class ShareLinkRecord
{
    public Guid Id { get; set; }
    public ShareKind Kind { get; set; }
    /// <summary>The permalink it opens, without the token: <c>/runs/{id}</c>, <c>/compare?runs=a,b</c>, <c>/sweeps/{id}</c>.</summary>
    public required string Path { get; set; }
    /// <summary>The runs it lets its holder read, comma-separated (a sweep's: its runs at the time the link was made).</summary>
    public required string RunIds { get; set; }
    public Guid? SweepId { get; set; }
    public string? Label { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

public enum ShareKind { Run, Comparison, Sweep }
