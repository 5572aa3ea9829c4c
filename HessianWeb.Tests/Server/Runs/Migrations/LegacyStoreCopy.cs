using HessianWeb.Tests.Hosting;
using Microsoft.Data.Sqlite;

namespace HessianWeb.Tests.Server.Runs.Migrations;

/// <summary>The LegacyStore fixture (a data directory written before the store had migrations) copied to a temporary folder.</summary>
public sealed class LegacyStoreCopy : IDisposable
{
    public static string Fixture { get; } = System.IO.Path.Combine(RepoRoot.Path, "HessianWeb.Tests", "Server", "Runs", "Migrations", "LegacyStore");

    public LegacyStoreCopy()
    {
        DataDirectory = Directory.CreateTempSubdirectory("hessianweb-legacy-").FullName;
        File.Copy(System.IO.Path.Combine(Fixture, "hessianweb.db"), Database);
        foreach (var file in Directory.EnumerateFiles(System.IO.Path.Combine(Fixture, "runs"), "*", SearchOption.AllDirectories))
        {
            var copy = System.IO.Path.Combine(DataDirectory, System.IO.Path.GetRelativePath(Fixture, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    public string DataDirectory { get; }
    public string Database => System.IO.Path.Combine(DataDirectory, "hessianweb.db");

    /// <summary>Each file under runs/ by its path relative to the data directory, with its SHA-256.</summary>
    public IReadOnlyDictionary<string, string> RunFiles() =>
        Directory.EnumerateFiles(System.IO.Path.Combine(DataDirectory, "runs"), "*", SearchOption.AllDirectories)
            .ToDictionary(
                f => System.IO.Path.GetRelativePath(DataDirectory, f).Replace('\\', '/'),
                f => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f))));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { }
    }
}
