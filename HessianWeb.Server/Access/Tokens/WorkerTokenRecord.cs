namespace HessianWeb.Server.Access.Tokens;

/// <summary>A token an admin made for a compute worker (a GPU host): kept as its SHA-256 only.</summary>
public sealed class WorkerTokenRecord
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Hash { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
