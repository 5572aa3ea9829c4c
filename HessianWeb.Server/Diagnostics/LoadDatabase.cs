using Npgsql;

namespace HessianWeb.Server.Diagnostics;

/// <summary>The <c>load</c> command's own PostgreSQL database, made on the server it is given and dropped at the end.</summary>
public static class LoadDatabase
{
    /// <returns>The connection string of the new, empty database.</returns>
    public static async Task<string> CreateAsync(string server, CancellationToken ct)
    {
        var name = $"hessianweb_load_{DateTime.UtcNow:yyyyMMddHHmmss}_{Environment.ProcessId}";
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"", ct);
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public static async Task DropAsync(string server, string database)
    {
        var name = new NpgsqlConnectionStringBuilder(database).Database;
        // The servers are gone, but their pooled connections may not yet be: FORCE ends them.
        await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", CancellationToken.None);
    }

    static async Task ExecuteAsync(string server, string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
