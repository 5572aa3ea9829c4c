using System.Globalization;

namespace HessianWeb.Server.Diagnostics;

/// <summary><c>live-load [--pages N] [--rate R] [--seconds S]</c>: what the live-load command was asked for.</summary>
public sealed record LiveLoadOptions(int Pages, int Rate, int Seconds, string DataDirectory)
{
    /// <summary>As <see cref="Parse"/>; a bad option ends the process with its message (exit code 2).</summary>
    public static LiveLoadOptions? ParseOrExit(string[] args) => ToolCommands.ParseOrExit(Parse, args);

    /// <summary>Null when <paramref name="args"/> do not start with "live-load".</summary>
    /// <exception cref="ArgumentException">An option is unknown or out of range; the message names it.</exception>
    public static LiveLoadOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "live-load") return null;
        int pages = 20, rate = 50, seconds = 15;
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            var text = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value);
            switch (name)
            {
                case "--pages" when ok && value is >= 1 and <= 100: pages = value; break;
                case "--rate" when ok && value is >= 1 and <= 1000: rate = value; break;
                case "--seconds" when ok && value is >= 1 and <= 600: seconds = value; break;
                case "--pages" or "--rate" or "--seconds":
                    throw new ArgumentException($"{name} must be a whole number (pages 1–100, rate 1–1,000 a second, seconds 1–600); got '{text}'.");
                default: throw new ArgumentException($"Unknown option '{name}'. Usage: live-load [--pages N] [--rate R] [--seconds S]");
            }
        }
        var directory = Path.Combine(Path.GetTempPath(), $"hessianweb-live-load-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        return new LiveLoadOptions(pages, rate, seconds, directory);
    }

    /// <summary>A throw-away store, no local worker (the command plays the worker), any free loopback port, quiet logs.</summary>
    public string[] ServerArgs() => ToolCommands.QuietServerArgs(DataDirectory);
}
