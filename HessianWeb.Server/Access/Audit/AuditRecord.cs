namespace HessianWeb.Server.Access.Audit;

/// <summary>One entry of the audit log: who did what to what, and when (deletions, role changes, tokens, links).</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Target { get; set; }
    public string? Detail { get; set; }
}
