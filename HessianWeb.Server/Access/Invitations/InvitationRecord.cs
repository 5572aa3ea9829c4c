namespace HessianWeb.Server.Access.Invitations;

/// <summary>A one-time link an admin sends to a new member of the group; kept as its token's SHA-256 only.</summary>
public sealed class InvitationRecord
{
    public Guid Id { get; set; }
    public required string Hash { get; set; }
    public required string Role { get; set; }
    /// <summary>Who it is for, as the admin wrote it (a name or an address); only shown to admins.</summary>
    public string? Note { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public DateTime? AcceptedAt { get; set; }
    public string? AcceptedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
}
