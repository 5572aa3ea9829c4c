using Npgsql;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// The PostgreSQL and Redis the store and scale-out tests use: started on loopback by scripts/test-services.sh (test.sh
/// runs it), found through HESSIANWEB_TEST_POSTGRES and HESSIANWEB_TEST_REDIS, or at that script's addresses.
/// </summary>
public static class TestServices
{
    public static string PostgresServer =>
        Environment.GetEnvironmentVariable("HESSIANWEB_TEST_POSTGRES") is { Length: > 0 } configured
            ? configured
            : "Host=127.0.0.1;Port=5432;Username=hessianweb;Password=hessianweb";

    public static string Redis =>
        Environment.GetEnvironmentVariable("HESSIANWEB_TEST_REDIS") is { Length: > 0 } configured ? configured : "127.0.0.1:6390";

    /// <summary>A new, empty database of the test's own; returns its connection string.</summary>
    public static async Task<string> NewPostgresDatabaseAsync()
    {
        var name = $"hw_test_{Guid.NewGuid():N}";
        try
        {
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        catch (NpgsqlException ex)
        {
            throw new InvalidOperationException(
                $"No PostgreSQL for the tests at '{PostgresServer}' ({ex.Message}). Run ./test.sh, or `source scripts/test-services.sh` first.", ex);
        }
        return new NpgsqlConnectionStringBuilder(PostgresServer) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="NewPostgresDatabaseAsync"/> made, closing what still holds it open.</summary>
    public static async Task DropPostgresDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(PostgresServer) { Database = "postgres", Pooling = false }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
