namespace HessianWeb.Tests.Hosting;

/// <summary>The checkout's top folder (where HessianWeb.sln is), found from the test binaries.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "HessianWeb.sln"))) return dir.FullName;
        throw new InvalidOperationException("HessianWeb.sln not found above " + AppContext.BaseDirectory);
    }
}
