using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HessianWeb.Server.Runs.Migrations.PostgreSql;

/// <summary>
/// What <c>dotnet ef migrations add --context PostgresRunsDbContext --output-dir Runs/Migrations/PostgreSql</c> builds
/// the PostgreSQL model from, without starting the app. The tool never connects to this server.
/// </summary>
sealed class DesignTimePostgresRunsDbContextFactory : IDesignTimeDbContextFactory<PostgresRunsDbContext>
{
    public PostgresRunsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresRunsDbContext>().UseNpgsql("Host=design-time").Options);
}
