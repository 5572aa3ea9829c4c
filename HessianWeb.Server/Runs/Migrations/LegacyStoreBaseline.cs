using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace HessianWeb.Server.Runs.Migrations;

/// <summary>
/// A data directory written before the store had migrations: its tables were made by <c>EnsureCreated</c> and kept
/// up by adding what was missing, and it has no migrations history. Only for such a store, once: bring its
/// tables to the schema of <see cref="InitialCreate"/> the way those versions did (missing tables, columns and
/// indexes added, nothing dropped or rewritten), then record <see cref="InitialCreate"/> as applied, all in one
/// transaction. Later migrations then apply as to any store.
/// </summary>
static class LegacyStoreBaseline
{
    /// <summary>The store has the runs table but no migrations history.</summary>
    public static async Task<bool> IsLegacyAsync(RunsDbContext db, CancellationToken ct) =>
        await TableExistsAsync(db, "Runs", ct) && !await db.GetService<IHistoryRepository>().ExistsAsync(ct);

    public static async Task ApplyAsync(RunsDbContext db, CancellationToken ct)
    {
        var migrations = db.GetService<IMigrationsAssembly>();
        var id = migrations.FindMigrationId(nameof(InitialCreate))!;
        var initialCreate = migrations.CreateMigration(migrations.Migrations[id], db.Database.ProviderName!);

        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var missing = await MissingOperationsAsync(db, initialCreate.UpOperations, ct);
            foreach (var command in db.GetService<IMigrationsSqlGenerator>().Generate(missing))
                await db.Database.ExecuteSqlRawAsync(command.CommandText, ct);
            var history = db.GetService<IHistoryRepository>();
            await db.Database.ExecuteSqlRawAsync(history.GetCreateIfNotExistsScript(), ct);
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(id, ProductInfo.GetVersion())), ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbException ex)
        {
            // The transaction is rolled back: the store is as it was, and the server does not start on it.
            throw new InvalidOperationException(
                $"The store {db.Database.GetDbConnection().DataSource} is from before migrations and could not be brought to the schema of " +
                $"{nameof(InitialCreate)}: {ex.Message} It was left unchanged.", ex);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    /// <summary>
    /// What of <paramref name="operations"/> the store lacks, in their order (tables, then indexes): whole tables it
    /// does not have, the columns its tables lack (nullable, or with their type's zero so existing rows get a value),
    /// and the indexes it does not have.
    /// </summary>
    static async Task<List<MigrationOperation>> MissingOperationsAsync(RunsDbContext db, IReadOnlyList<MigrationOperation> operations, CancellationToken ct)
    {
        var indexes = await NamesAsync(db, "SELECT name FROM sqlite_master WHERE type = 'index'", ct);
        var missing = new List<MigrationOperation>();
        foreach (var operation in operations)
        {
            switch (operation)
            {
                case CreateTableOperation table when !await TableExistsAsync(db, table.Name, ct):
                    missing.Add(table);
                    break;
                case CreateTableOperation table:
                    var columns = await NamesAsync(db, $"SELECT name FROM pragma_table_info('{table.Name}')", ct);
                    missing.AddRange(table.Columns.Where(c => !columns.Contains(c.Name)).Select(c => Added(table, c)));
                    break;
                case CreateIndexOperation index when !indexes.Contains(index.Name):
                    missing.Add(index);
                    break;
                case CreateIndexOperation:
                    break;
                default:
                    throw new InvalidOperationException(
                        $"InitialCreate holds a {operation.GetType().Name}; the legacy baseline only adds tables, columns and indexes.");
            }
        }
        return missing;
    }

    static AddColumnOperation Added(CreateTableOperation table, AddColumnOperation column)
    {
        column.Table = table.Name;
        column.Schema = table.Schema;
        if (!column.IsNullable && column.DefaultValue is null && column.DefaultValueSql is null)
            column.DefaultValue = column.ClrType == typeof(string) ? "" : Activator.CreateInstance(column.ClrType);
        return column;
    }

    static async Task<bool> TableExistsAsync(RunsDbContext db, string table, CancellationToken ct) =>
        (await NamesAsync(db, $"SELECT name FROM sqlite_master WHERE type = 'table' AND name = '{table}'", ct)).Count > 0;

    static async Task<HashSet<string>> NamesAsync(RunsDbContext db, string sql, CancellationToken ct)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using DbCommand command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) names.Add(reader.GetString(0));
        }
        finally { await db.Database.CloseConnectionAsync(); }
        return names;
    }
}
