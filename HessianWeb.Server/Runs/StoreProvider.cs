using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace HessianWeb.Server.Runs;

/// <summary>
/// Which database holds the store, decided once from <c>Store:Provider</c>: <c>sqlite</c> (the default, the file
/// hessianweb.db in the data directory) or <c>postgresql</c> (<c>ConnectionStrings:Store</c>, several server instances
/// on one store). The server (RunsSetup), the seed command and the tests' stores all make their contexts here.
/// </summary>
public sealed record StoreProvider(bool IsPostgreSql, string ConnectionString)
{
    public const string Sqlite = "sqlite";
    public const string PostgreSql = "postgresql";
    public const string ProviderKey = "Store:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:Store";

    /// <exception cref="InvalidOperationException">The provider is unknown, or postgresql without a usable connection string; the message says which key to set.</exception>
    public static StoreProvider FromConfiguration(IConfiguration configuration, string dataDirectory) =>
        (configuration[ProviderKey]?.Trim() is { Length: > 0 } name ? name : Sqlite).ToLowerInvariant() switch
        {
            Sqlite => OfSqliteFile(Path.Combine(dataDirectory, "hessianweb.db")),
            PostgreSql => OfPostgreSql(configuration[ConnectionStringKey]),
            _ => throw new InvalidOperationException(
                $"{ProviderKey} is '{configuration[ProviderKey]}'; it must be '{Sqlite}' (the default: a file in the data directory) or '{PostgreSql}' (with {ConnectionStringKey})."),
        };

    public static StoreProvider OfSqliteFile(string path) => new(false, $"Data Source={path}");

    /// <exception cref="InvalidOperationException">The connection string is missing or not one Npgsql reads.</exception>
    public static StoreProvider OfPostgreSql(string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"{ProviderKey} is '{PostgreSql}' but {ConnectionStringKey} is not set. Give it as an Npgsql connection string, e.g. " +
                "--ConnectionStrings:Store \"Host=db.example;Database=hessianweb;Username=hessianweb;Password=...\".");
        NpgsqlConnectionStringBuilder parsed;
        try { parsed = new NpgsqlConnectionStringBuilder(connectionString); }
        catch (ArgumentException ex)
        {
            throw new InvalidOperationException($"{ConnectionStringKey} is not an Npgsql connection string: {ex.Message}", ex);
        }
        if (string.IsNullOrWhiteSpace(parsed.Host))
            throw new InvalidOperationException($"{ConnectionStringKey} names no Host: the PostgreSQL server to use.");
        return new(true, connectionString);
    }

    /// <summary>
    /// Registers <see cref="IDbContextFactory{RunsDbContext}"/> (and the scoped context Identity's stores take) for this
    /// database: on PostgreSQL it makes <see cref="PostgresRunsDbContext"/>s, whose migrations are their own.
    /// </summary>
    public IServiceCollection AddTo(IServiceCollection services, params IInterceptor[] interceptors)
    {
        if (!IsPostgreSql) return services.AddDbContextFactory<RunsDbContext>(o => Configure(o, interceptors));
        services.AddDbContextFactory<PostgresRunsDbContext>(o => Configure(o, interceptors));
        services.AddSingleton<IDbContextFactory<RunsDbContext>>(sp => new AsRunsDbContext(sp.GetRequiredService<IDbContextFactory<PostgresRunsDbContext>>()));
        return services.AddScoped<RunsDbContext>(sp => sp.GetRequiredService<PostgresRunsDbContext>());
    }

    /// <summary>A context outside dependency injection (the seed command), disposed by the caller.</summary>
    public RunsDbContext CreateContext() => IsPostgreSql
        ? new PostgresRunsDbContext(Configure(new DbContextOptionsBuilder<PostgresRunsDbContext>(), []).Options)
        : new RunsDbContext(Configure(new DbContextOptionsBuilder<RunsDbContext>(), []).Options);

    T Configure<T>(T options, IInterceptor[] interceptors) where T : DbContextOptionsBuilder
    {
        if (IsPostgreSql) options.UseNpgsql(ConnectionString);
        else options.UseSqlite(ConnectionString);
        if (interceptors.Length > 0) options.AddInterceptors(interceptors);
        return options;
    }

    sealed class AsRunsDbContext(IDbContextFactory<PostgresRunsDbContext> inner) : IDbContextFactory<RunsDbContext>
    {
        public RunsDbContext CreateDbContext() => inner.CreateDbContext();
    }
}
