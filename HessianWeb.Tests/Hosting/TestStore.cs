using HessianWeb.Server.Runs;
using Microsoft.Data.Sqlite;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// The store a test runs on: a SQLite file as the server keeps by default, or, with <c>HESSIANWEB_TEST_STORE=postgresql</c>
/// (test.sh's second pass), a fresh PostgreSQL database of the test's own (<see cref="TestServices"/>), dropped at
/// <see cref="DisposeAsync"/>. Tests of what only SQLite has (its file, the legacy upgrade) make their SQLite store directly.
/// </summary>
public sealed class TestStore : IAsyncDisposable
{
    public const string Switch = "HESSIANWEB_TEST_STORE";

    TestStore(StoreProvider provider, string? sqliteFile)
    {
        Provider = provider;
        this.sqliteFile = sqliteFile;
    }

    readonly string? sqliteFile;

    public StoreProvider Provider { get; }

    /// <summary>Whether this test run puts the stores on PostgreSQL.</summary>
    public static bool OnPostgreSql => Environment.GetEnvironmentVariable(Switch) is { } value
        && value.Equals(StoreProvider.PostgreSql, StringComparison.OrdinalIgnoreCase);

    /// <param name="sqliteFile">The file the SQLite store is in (its folder must exist); unused on PostgreSQL.</param>
    public static Task<TestStore> CreateAsync(string sqliteFile) => CreateAsync(sqliteFile, OnPostgreSql);

    /// <summary>A store on the database named, whatever this test run's switch says (a test of both, side by side).</summary>
    public static async Task<TestStore> CreateAsync(string sqliteFile, bool postgreSql) => postgreSql
        ? new(StoreProvider.OfPostgreSql(await TestServices.NewPostgresDatabaseAsync()), null)
        : new(StoreProvider.OfSqliteFile(sqliteFile), sqliteFile);

    /// <summary>As <see cref="CreateAsync"/>, for a constructor (xunit runs tests without a synchronisation context).</summary>
    public static TestStore Create(string sqliteFile) => CreateAsync(sqliteFile).GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (Provider.IsPostgreSql)
        {
            await TestServices.DropPostgresDatabaseAsync(Provider.ConnectionString);
            return;
        }
        SqliteConnection.ClearAllPools();
        foreach (var path in new[] { sqliteFile!, sqliteFile + "-wal", sqliteFile + "-shm" })
            if (File.Exists(path)) File.Delete(path);
    }
}
