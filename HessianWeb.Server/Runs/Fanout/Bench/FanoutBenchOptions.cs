using System.Globalization;

namespace HessianWeb.Server.Runs.Fanout.Bench;

/// <summary><c>fanout-bench [--runs 4,20] [--seconds S] [--redis CONFIG] [--postgres CONNECTION]</c>: what the bench was asked for.</summary>
public sealed record FanoutBenchOptions(IReadOnlyList<int> Runs, int Seconds, string Redis, string Postgres)
{
    /// <summary>As <see cref="Parse"/>; a bad option ends the process with its message (exit code 2).</summary>
    public static FanoutBenchOptions? ParseOrExit(string[] args) => ToolCommands.ParseOrExit(Parse, args);

    /// <summary>Null when <paramref name="args"/> do not start with "fanout-bench". Defaults: scripts/test-services.sh's services.</summary>
    /// <exception cref="ArgumentException">An option is unknown or out of range; the message names it.</exception>
    public static FanoutBenchOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "fanout-bench") return null;
        IReadOnlyList<int> runs = [4, 20];
        var seconds = 5;
        var redis = "127.0.0.1:6390";
        var postgres = "Host=127.0.0.1;Port=5432;Username=hessianweb;Password=hessianweb;Database=postgres";
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            var text = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--runs":
                    runs = text.Split(',').Select(r => int.TryParse(r, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 200
                        ? n : throw new ArgumentException($"--runs takes counts of live runs (1–200) separated by commas; got '{text}'.")).ToList();
                    break;
                case "--seconds":
                    seconds = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 600
                        ? s : throw new ArgumentException($"--seconds must be a whole number from 1 to 600; got '{text}'.");
                    break;
                case "--redis": redis = text; break;
                case "--postgres": postgres = text; break;
                default: throw new ArgumentException($"Unknown option '{name}'. Usage: fanout-bench [--runs 4,20] [--seconds S] [--redis CONFIG] [--postgres CONNECTION]");
            }
        }
        return new FanoutBenchOptions(runs, seconds, redis, postgres);
    }
}
