using System.Text.Json.Nodes;

namespace HessianWeb.Tests.Server.Runs.Migrations;

/// <summary>
/// The specs a store keeps as JSON (each run's, each sweep's), read from its file: the StoredBlobsKeepXoshiroGenerator
/// migration writes <c>data.generator = hessianWeb</c> into them and must change nothing else.
/// </summary>
static class StoredSpecs
{
    /// <summary>The JSON path each table's spec keeps its data settings under.</summary>
    static readonly Dictionary<string, string[]> DataPath = new() { ["Runs"] = ["data"], ["Sweeps"] = ["base", "data"] };

    /// <summary>The columns minus the spec columns, which the migration rewrites.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> WithoutSpecs(IReadOnlyDictionary<string, IReadOnlyList<string>> columns) =>
        columns.ToDictionary(c => c.Key, c => DataPath.ContainsKey(c.Key)
            ? (IReadOnlyList<string>)c.Value.Where(name => name != "SpecJson").ToList() : c.Value);

    /// <summary>Every stored spec, keyed by table and row id.</summary>
    public static async Task<Dictionary<string, string>> ReadAsync(string database)
    {
        var specs = new Dictionary<string, string>();
        var tables = await SqliteStoreFile.TablesAsync(database);
        foreach (var table in DataPath.Keys.Where(tables.Contains))
            foreach (var line in await SqliteStoreFile.QueryAsync(database, $"SELECT Id || char(9) || SpecJson FROM \"{table}\""))
            {
                var parts = line.Split('\t', 2);
                specs[$"{table} {parts[0]}"] = parts[1];
            }
        return specs;
    }

    /// <summary>Each spec after is the one before with the generator set to hessianWeb, parents made where missing.</summary>
    public static void AssertMarkedHessianWeb(Dictionary<string, string> before, Dictionary<string, string> after)
    {
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach (var (key, json) in before)
        {
            var expected = JsonNode.Parse(json)!.AsObject();
            Assert.False(json.Contains("\"generator\"", StringComparison.Ordinal), $"{key} already named a generator");
            var node = expected;
            foreach (var name in DataPath[key.Split(' ')[0]])
            {
                if (node[name] is not JsonObject child) node[name] = child = [];
                node = child;
            }
            node["generator"] = "hessianWeb";
            Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(after[key])), $"{key}: {after[key]}");
        }
    }
}
