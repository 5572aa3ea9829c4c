namespace HessianWeb.Server.Access.Tokens;

/// <summary>A user's token for scripts: kept as its SHA-256 only; acts as the user, with at most <see cref="Role"/>.</summary>
public sealed class ApiTokenRecord
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }
    public required string UserName { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}
