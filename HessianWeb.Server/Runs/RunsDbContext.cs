using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Server.Sweeps;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Accounts;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace HessianWeb.Server.Runs;

/// <summary>
/// The run store, and in the same database the group's accounts, tokens, share links and audit log (Access/). On SQLite
/// this type itself; on PostgreSQL <see cref="PostgresRunsDbContext"/> (see <see cref="StoreProvider"/>).
/// </summary>
public class RunsDbContext : IdentityUserContext<HessianUser>
{
    public RunsDbContext(DbContextOptions<RunsDbContext> options) : base(options) { }

    /// <summary>For a provider's own context, whose migrations EF keys by its type.</summary>
    protected RunsDbContext(DbContextOptions options) : base(options) { }

    public DbSet<RunRecord> Runs => Set<RunRecord>();
    public DbSet<RunEventRecord> RunEvents => Set<RunEventRecord>();
    public DbSet<AnalysisRecord> Analyses => Set<AnalysisRecord>();
    public DbSet<InterpolationRecord> Interpolations => Set<InterpolationRecord>();
    public DbSet<SweepRecord> Sweeps => Set<SweepRecord>();
    public DbSet<Access.Tokens.ApiTokenRecord> ApiTokens => Set<Access.Tokens.ApiTokenRecord>();
    public DbSet<Access.Tokens.WorkerTokenRecord> WorkerTokens => Set<Access.Tokens.WorkerTokenRecord>();
    public DbSet<Access.Shares.ShareLinkRecord> ShareLinks => Set<Access.Shares.ShareLinkRecord>();
    public DbSet<Access.Invitations.InvitationRecord> Invitations => Set<Access.Invitations.InvitationRecord>();
    public DbSet<Access.Audit.AuditRecord> AuditLog => Set<Access.Audit.AuditRecord>();
    public DbSet<Workers.ServerInstanceRecord> ServerInstances => Set<Workers.ServerInstanceRecord>();
    public DbSet<Uploads.UploadRecord> Uploads => Set<Uploads.UploadRecord>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model); // Identity's user tables
        model.AddAccess();
        model.Entity<RunRecord>(run =>
        {
            run.HasKey(r => r.Id);
            run.Property(r => r.Status).HasConversion<string>();
            run.Property(r => r.Phase).HasConversion<string>();
            run.HasIndex(r => r.CreatedAt);
            run.HasIndex(r => r.Status);
            // What the runs list sorts and filters by (Listing/RunListing).
            run.HasIndex(r => new { r.Archived, r.CreatedAt });
            run.HasIndex(r => r.Name);
            run.HasIndex(r => r.ParameterCount);
            run.HasIndex(r => r.FinalTrainLoss);
            run.HasIndex(r => r.FinalTrainAccuracy);
            run.HasIndex(r => r.FinalTestAccuracy);
            run.HasIndex(r => r.TopEigenvalue);
            run.HasIndex(r => r.EndOutlierCount);
            run.HasIndex(r => r.EndTrace);
            run.HasIndex(r => r.SweepId);
            run.HasIndex(r => new { r.Status, r.EndedAt });
            run.HasIndex(r => r.LaunchedBy);
            run.HasIndex(r => r.HeldBy);
            // Two server instances may write one run (its worker's events on one, its end on another): a write based on
            // a LastSequence another has since moved on fails instead of numbering an event twice (RunStore retries it).
            run.Property(r => r.LastSequence).IsConcurrencyToken();
        });
        model.Entity<RunEventRecord>(e =>
        {
            e.HasKey(r => new { r.RunId, r.Sequence });
            e.Property(r => r.Kind).HasConversion<string>();
        });
        model.Entity<AnalysisRecord>(a =>
        {
            a.HasKey(r => r.Id);
            a.Property(r => r.Status).HasConversion<string>();
            a.HasIndex(r => new { r.RunId, r.Label }).IsUnique();
            a.HasIndex(r => new { r.Status, r.CreatedAt });
        });
        model.Entity<InterpolationRecord>(i =>
        {
            i.HasKey(r => r.Id);
            i.HasIndex(r => r.RunId);
        });
        model.Entity<Workers.ServerInstanceRecord>(i =>
        {
            i.HasKey(r => r.Id);
            i.HasIndex(r => r.HeartbeatAt);
        });
        model.Entity<SweepRecord>(s =>
        {
            s.HasKey(r => r.Id);
            s.HasIndex(r => r.CreatedAt);
        });
        model.Entity<Uploads.UploadRecord>(u =>
        {
            u.HasKey(r => r.Id);
            u.Property(r => r.Kind).HasConversion<string>();
            u.HasIndex(r => r.Sha256).IsUnique();
            u.HasIndex(r => r.CreatedAt);
        });
    }
}
