using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Migrations;
using HessianWeb.Tests.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace HessianWeb.Tests.Server.Runs.Store;

/// <summary>Store:Provider and ConnectionStrings:Store, and the PostgreSQL store's own migrations.</summary>
public class StoreProviderTests
{
    static StoreProvider From(params (string Key, string Value)[] settings) => StoreProvider.FromConfiguration(
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build(), "/data");

    [Fact]
    public void Without_a_provider_the_store_is_the_sqlite_file_in_the_data_directory()
    {
        Assert.Equal(StoreProvider.OfSqliteFile("/data/hessianweb.db"), From());
        Assert.Equal(StoreProvider.OfSqliteFile("/data/hessianweb.db"), From(("Store:Provider", "SQLite")));
    }

    [Fact]
    public void A_postgresql_store_takes_its_connection_string()
    {
        var store = From(("Store:Provider", "postgresql"), ("ConnectionStrings:Store", "Host=db;Database=hw"));
        Assert.True(store.IsPostgreSql);
        Assert.Equal("Host=db;Database=hw", store.ConnectionString);
    }

    [Fact]
    public void An_unknown_provider_or_a_missing_or_unreadable_connection_string_is_refused_in_words()
    {
        Assert.Equal("Store:Provider is 'mysql'; it must be 'sqlite' (the default: a file in the data directory) or 'postgresql' (with ConnectionStrings:Store).",
            Assert.Throws<InvalidOperationException>(() => From(("Store:Provider", "mysql"))).Message);
        Assert.StartsWith("Store:Provider is 'postgresql' but ConnectionStrings:Store is not set.",
            Assert.Throws<InvalidOperationException>(() => From(("Store:Provider", "postgresql"))).Message);
        Assert.StartsWith("ConnectionStrings:Store is not an Npgsql connection string:",
            Assert.Throws<InvalidOperationException>(() => From(("Store:Provider", "postgresql"), ("ConnectionStrings:Store", "Hots=db;;=x"))).Message);
        Assert.Equal("ConnectionStrings:Store names no Host: the PostgreSQL server to use.",
            Assert.Throws<InvalidOperationException>(() => From(("Store:Provider", "postgresql"), ("ConnectionStrings:Store", "Database=hw"))).Message);
    }

    [Fact]
    public async Task Instances_starting_at_once_on_a_fresh_postgresql_store_migrate_it_once_without_failing()
    {
        await using var store = await TestStore.CreateAsync("unused.db", postgreSql: true);
        var migrations = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            await using var db = store.Provider.CreateContext();
            await RunStoreSchema.MigrateAsync(db);
        }));
        await Task.WhenAll(migrations);

        await using var check = store.Provider.CreateContext();
        Assert.IsType<PostgresRunsDbContext>(check);
        Assert.Empty(await check.Database.GetPendingMigrationsAsync());
        Assert.Equal(check.Database.GetMigrations().Count(), (await check.Database.GetAppliedMigrationsAsync()).Count());
        Assert.Equal(0, await check.Runs.CountAsync());
        Assert.Equal(0, await ((PostgresRunsDbContext)check).DataProtectionKeys.CountAsync());
    }
}
