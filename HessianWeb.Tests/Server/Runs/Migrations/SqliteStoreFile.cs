using Microsoft.Data.Sqlite;

namespace HessianWeb.Tests.Server.Runs.Migrations;

/// <summary>A store's SQLite file read directly, not through EF Core: its schema, rows and migrations history.</summary>
public static class SqliteStoreFile
{
    public const string History = "__EFMigrationsHistory";

    /// <summary>
    /// Every table's columns (name, declared type, NOT NULL, default unless <paramref name="defaults"/> is false, place
    /// in the key) and every index (its table, columns in order, uniqueness), one sorted line each, the tables in
    /// <paramref name="except"/> left out; column order within a table is left out (SQLite's ALTER TABLE can only append).
    /// </summary>
    public static async Task<IReadOnlyList<string>> SchemaAsync(string database, string[]? except = null, bool defaults = true)
    {
        var lines = new List<string>();
        var dflt = defaults ? "' default ' || IFNULL(dflt_value, 'none')" : "''";
        foreach (var table in await TablesAsync(database))
        {
            if (except?.Contains(table) == true) continue;
            lines.AddRange(await QueryAsync(database,
                $"SELECT '{table}.' || name || ' ' || type || (CASE WHEN \"notnull\" THEN ' NOT NULL' ELSE '' END) || {dflt} || ' key ' || pk FROM pragma_table_info('{table}')"));
            lines.AddRange(await QueryAsync(database,
                $"SELECT 'index ' || l.name || ' on {table}(' || (SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_index_info(l.name) ORDER BY seqno)) || ') unique ' || l.\"unique\" FROM pragma_index_list('{table}') l"));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>The named tables' rows, each as one line of the given columns, sorted: equal dumps mean no row was lost or changed.</summary>
    public static async Task<IReadOnlyList<string>> RowsAsync(string database, IReadOnlyDictionary<string, IReadOnlyList<string>> columnsByTable)
    {
        var lines = new List<string>();
        foreach (var (table, columns) in columnsByTable)
        {
            var row = string.Join(" || ' | ' || ", columns.Select(c => $"'{c}=' || quote(\"{c}\")"));
            lines.AddRange(await QueryAsync(database, $"SELECT '{table}: ' || {row} FROM \"{table}\""));
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>Each table's column names (the migrations' own tables left out).</summary>
    public static async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> ColumnsAsync(string database)
    {
        var columns = new Dictionary<string, IReadOnlyList<string>>();
        foreach (var table in await TablesAsync(database))
            if (!table.StartsWith("__EFMigrations", StringComparison.Ordinal))
                columns[table] = await QueryAsync(database, $"SELECT name FROM pragma_table_info('{table}')");
        return columns;
    }

    public static async Task<IReadOnlyList<string>> TablesAsync(string database) =>
        await QueryAsync(database, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");

    /// <summary>The migrations recorded as applied, oldest first; empty when the store has no history table.</summary>
    public static async Task<IReadOnlyList<string>> AppliedMigrationsAsync(string database) =>
        (await TablesAsync(database)).Contains(History)
            ? await QueryAsync(database, $"SELECT MigrationId FROM \"{History}\" ORDER BY MigrationId")
            : [];

    /// <summary>SQLite's counter of schema changes: unchanged means no table, column or index was touched.</summary>
    public static async Task<long> SchemaVersionAsync(string database) =>
        long.Parse((await QueryAsync(database, "PRAGMA schema_version")).Single());

    public static async Task<List<string>> QueryAsync(string database, string sql)
    {
        var results = new List<string>();
        await using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync()) results.Add(Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)!);
        }
        return results;
    }
}
