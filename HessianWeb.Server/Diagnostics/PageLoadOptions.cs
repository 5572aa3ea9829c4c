using System.Globalization;

namespace HessianWeb.Server.Diagnostics;

/// <summary><c>page-load [--epochs 2000,20000,100000] [--opens 5]</c>: what the page-load command was asked for.</summary>
public sealed record PageLoadOptions(IReadOnlyList<int> Epochs, int Opens, string DataDirectory)
{
    /// <summary>As <see cref="Parse"/>; a bad option ends the process with its message (exit code 2).</summary>
    public static PageLoadOptions? ParseOrExit(string[] args) => ToolCommands.ParseOrExit(Parse, args);

    /// <summary>Null when <paramref name="args"/> do not start with "page-load".</summary>
    /// <exception cref="ArgumentException">An option is unknown or out of range; the message names it.</exception>
    public static PageLoadOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "page-load") return null;
        IReadOnlyList<int> epochs = [2_000, 20_000, 100_000];
        var opens = 5;
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            var text = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--epochs":
                    var lengths = text.Split(',', StringSplitOptions.TrimEntries)
                        .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 1_000_000 ? n : -1)
                        .ToList();
                    if (lengths.Count is 0 or > 10 || lengths.Contains(-1))
                        throw new ArgumentException($"--epochs must be up to ten comma-separated whole numbers from 1 to 1,000,000; got '{text}'.");
                    epochs = lengths;
                    break;
                case "--opens":
                    if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out opens) || opens is < 1 or > 100)
                        throw new ArgumentException($"--opens must be a whole number from 1 to 100; got '{text}'.");
                    break;
                default: throw new ArgumentException($"Unknown option '{name}'. Usage: page-load [--epochs 2000,20000,100000] [--opens 5]");
            }
        }
        var directory = Path.Combine(Path.GetTempPath(), $"hessianweb-page-load-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        return new PageLoadOptions(epochs, opens, directory);
    }

    /// <summary>A throw-away store, no local worker, any free loopback port, quiet logs.</summary>
    public string[] ServerArgs() => ToolCommands.QuietServerArgs(DataDirectory);
}
