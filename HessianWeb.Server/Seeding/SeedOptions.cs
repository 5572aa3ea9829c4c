using System.Globalization;

namespace HessianWeb.Server.Seeding;

/// <summary>
/// <c>seed [--runs N] [--data-directory DIR] [--seed S]</c>: what the seeding command was asked for.
/// Without a data directory it fills a new one under the system's temporary folder, never the dashboard's own store.
/// </summary>
public sealed record SeedOptions(int Runs, string DataDirectory, int Seed)
{
    public const int DefaultRuns = 10_000;

    /// <summary>As <see cref="Parse"/>; a bad option ends the process with its message (exit code 2) instead of a stack trace.</summary>
    public static SeedOptions? ParseOrExit(string[] args) => ToolCommands.ParseOrExit(Parse, args);

    /// <summary>Null when <paramref name="args"/> do not start with "seed".</summary>
    /// <exception cref="ArgumentException">An option is unknown or its value is not valid; the message names it.</exception>
    public static SeedOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "seed") return null;
        var runs = DefaultRuns;
        var seed = 0;
        string? directory = null;
        for (var i = 1; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--runs":
                    var text = Value();
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out runs) || runs is < 1 or > 1_000_000)
                        throw new ArgumentException($"--runs must be a whole number from 1 to 1,000,000; got '{text}'.");
                    break;
                case "--data-directory": directory = Value(); break;
                case "--seed":
                    var s = Value();
                    if (!int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seed))
                        throw new ArgumentException($"--seed must be a whole number; got '{s}'.");
                    break;
                default: throw new ArgumentException($"Unknown option '{args[i]}'. Usage: seed [--runs N] [--data-directory DIR] [--seed S]");
            }
        }
        directory ??= Path.Combine(Path.GetTempPath(), $"hessianweb-seed-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        return new SeedOptions(runs, Path.GetFullPath(directory), seed);
    }

    /// <summary>The server the timings are taken against: this store, no local worker, any free loopback port, quiet logs.</summary>
    public string[] ServerArgs() => ToolCommands.QuietServerArgs(DataDirectory);
}
