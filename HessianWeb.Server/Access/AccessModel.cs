using HessianWeb.Server.Access.Audit;
using HessianWeb.Server.Access.Invitations;
using HessianWeb.Server.Access.Shares;
using HessianWeb.Server.Access.Tokens;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Access;

/// <summary>The access tables in the run store's database (Identity's own come from its base context).</summary>
public static class AccessModel
{
    public static void AddAccess(this ModelBuilder model)
    {
        model.Entity<ApiTokenRecord>(t =>
        {
            t.HasKey(r => r.Id);
            t.HasIndex(r => r.Hash).IsUnique();
            t.HasIndex(r => r.UserId);
        });
        model.Entity<WorkerTokenRecord>(t =>
        {
            t.HasKey(r => r.Id);
            t.HasIndex(r => r.Hash).IsUnique();
        });
        model.Entity<ShareLinkRecord>(s =>
        {
            s.HasKey(r => r.Id);
            s.Property(r => r.Kind).HasConversion<string>();
            s.HasIndex(r => r.CreatedAt);
        });
        model.Entity<InvitationRecord>(i =>
        {
            i.HasKey(r => r.Id);
            i.HasIndex(r => r.Hash).IsUnique();
        });
        model.Entity<AuditRecord>(a =>
        {
            a.HasKey(r => r.Id);
            a.HasIndex(r => r.At);
        });
    }
}
