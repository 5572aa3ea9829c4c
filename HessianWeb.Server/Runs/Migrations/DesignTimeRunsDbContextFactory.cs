using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HessianWeb.Server.Runs.Migrations;

/// <summary>
/// What <c>dotnet ef migrations add</c> builds the model from: the store's context over SQLite, without starting the
/// app (which would create a data directory and a local worker). The tool never opens this file's database.
/// </summary>
sealed class DesignTimeRunsDbContextFactory : IDesignTimeDbContextFactory<RunsDbContext>
{
    public RunsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<RunsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
