using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace HessianWeb.Server.Runs;

/// <summary>
/// The store on PostgreSQL (<see cref="StoreProvider"/>): the same model, its own migrations (Migrations/PostgreSql; EF
/// keys migrations by context type), and the data-protection keys every instance signs cookies and share links with.
/// </summary>
public sealed class PostgresRunsDbContext(DbContextOptions<PostgresRunsDbContext> options) : RunsDbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        base.ConfigureConventions(conventions);
        // Npgsql writes DateTime only as timestamptz, and only of Kind Utc. The store holds UTC instants throughout
        // (DateTime.UtcNow, the clocks' GetUtcNow), but some arrive Unspecified: values read back from SQLite, dates the
        // runs list builds from a day (Listing/RunListing), a test's clock. Marking them UTC on the way in keeps every
        // caller as it is on SQLite; a Local value is converted, never relabelled.
        conventions.Properties<DateTime>().HaveConversion<UtcDateTime>();
        conventions.Properties<DateTime?>().HaveConversion<UtcDateTime>();
        // SQLite compares text by its bytes (BINARY); collation "C" makes PostgreSQL sort names, tags and launchers the
        // same way, whatever the database's locale, and its indexes serve those sorts.
        conventions.Properties<string>().UseCollation("C");
    }

    sealed class UtcDateTime() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}
