using System.Globalization;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// <c>load [--viewers 100] [--runs 4] [--epochs 1000000] [--store sqlite|postgresql] [--connection CS] [--redis CONFIG]</c>:
/// what the load command was asked for, and the command lines of the two servers it starts.
/// </summary>
/// <param name="Connection">PostgreSQL only: a server and a role that may create databases; the command makes its own database there and drops it at the end.</param>
/// <param name="WorkDirectory">Throw-away: the servers' data directories (one shared SQLite directory, or one each) and the shared artifacts directory.</param>
public sealed record LoadOptions(int Viewers, int Runs, int Epochs, string Store, string? Connection, string? Redis, string WorkDirectory)
{
    public const string Usage = "Usage: load [--viewers 100] [--runs 4] [--epochs 1000000] [--store sqlite|postgresql] [--connection CS] [--redis CONFIG]";

    /// <summary>The two server instances, by the names they take (<c>Server:InstanceName</c>).</summary>
    public static readonly IReadOnlyList<string> Instances = ["load-a", "load-b"];

    /// <summary>The token the command's workers present to either server (<c>Workers:Tokens</c>), made for this process only.</summary>
    public static readonly string WorkerToken = Access.SecretTokens.New(Access.SecretTokens.WorkerPrefix);

    public bool PostgreSql => Store == "postgresql";

    /// <summary>As <see cref="Parse"/>; a bad option ends the process with its message (exit code 2).</summary>
    public static LoadOptions? ParseOrExit(string[] args) => ToolCommands.ParseOrExit(Parse, args);

    /// <summary>Null when <paramref name="args"/> do not start with "load".</summary>
    /// <exception cref="ArgumentException">An option is unknown, out of range or missing its partner; the message names it.</exception>
    public static LoadOptions? Parse(string[] args)
    {
        if (args.Length == 0 || args[0] != "load") return null;
        int viewers = 100, runs = 4, epochs = 1_000_000;
        string store = "sqlite";
        string? connection = null, redis = null;
        for (var i = 1; i < args.Length; i++)
        {
            var name = args[i];
            var text = i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            var ok = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value);
            switch (name)
            {
                case "--viewers" when ok && value is >= 2 and <= 200: viewers = value; break;
                case "--runs" when ok && value is >= 2 and <= 16: runs = value; break;
                case "--epochs" when ok && value is >= 100 and <= SpecLimits.MaxEpochs: epochs = value; break;
                case "--viewers" or "--runs" or "--epochs":
                    throw new ArgumentException($"{name} must be a whole number (viewers 2–200, runs 2–16, epochs 100–{SpecLimits.MaxEpochs:N0}); got '{text}'.");
                case "--store" when text is "sqlite" or "postgresql": store = text; break;
                case "--store": throw new ArgumentException($"--store must be sqlite or postgresql; got '{text}'.");
                case "--connection": connection = text; break;
                case "--redis": redis = text; break;
                default: throw new ArgumentException($"Unknown option '{name}'. {Usage}");
            }
        }
        if (store == "postgresql" && string.IsNullOrWhiteSpace(connection))
            throw new ArgumentException("--store postgresql needs --connection (a PostgreSQL server and a role that may create databases).");
        if (store == "sqlite" && connection is not null)
            throw new ArgumentException("--connection is for --store postgresql; the SQLite store is a throw-away directory.");
        var directory = Path.Combine(Path.GetTempPath(), $"hessianweb-load-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
        return new LoadOptions(viewers, runs, epochs, store, connection, redis, directory);
    }

    /// <summary>
    /// Instance <paramref name="instance"/>'s command line: no local worker (the command starts the workers), quiet logs,
    /// the command's admin token, the store (one SQLite directory both share, or <paramref name="database"/>), one
    /// artifacts directory for both, and Redis when given.
    /// </summary>
    public string[] ServerArgs(int instance, int port, string? database)
    {
        var dataDirectory = Path.Combine(WorkDirectory, PostgreSql ? Instances[instance] : "data");
        List<string> args =
        [
            .. ToolCommands.QuietServerArgs(dataDirectory, $"http://127.0.0.1:{port}"),
            "--Server:InstanceName", Instances[instance],
            "--Workers:Tokens:0", WorkerToken,
            "--Artifacts:Directory", Path.Combine(WorkDirectory, "artifacts"),
        ];
        if (PostgreSql) args.AddRange(["--Store:Provider", "postgresql", "--ConnectionStrings:Store", database!]);
        // Channels of this command's own (the work directory's name is unique to it), so a shared Redis mixes no other deployment's events in.
        if (Redis is not null) args.AddRange(["--Redis:Configuration", Redis, "--Redis:ChannelPrefix", Path.GetFileName(WorkDirectory)]);
        return [.. args];
    }

    /// <summary>
    /// Where each viewer looks: viewer j on server j mod 2, watching run ⌊j / 2⌋ mod R, so each server has half the
    /// viewers and each run is watched from both servers: from its worker's server and from the other one.
    /// </summary>
    public IReadOnlyList<(int Instance, int Run)> ViewerPlacement() =>
        Enumerable.Range(0, Viewers).Select(j => (j % 2, j / 2 % Runs)).ToList();

    /// <summary>
    /// Run <paramref name="index"/>: the quickstart trained for <see cref="Epochs"/> full-batch steps with no early stop,
    /// so it emits epoch events steadily (about 2,000 of them, <c>EpochRecording</c>) until the end; only the cheap
    /// Lanczos analyses at init and end.
    /// </summary>
    public ExperimentSpec Spec(int index) => new()
    {
        Name = $"load {index + 1}",
        Training = new() { Epochs = Epochs, GradNormTolerance = 0 },
        Analysis = new() { Density = new() { Enabled = false }, Trace = new() { Enabled = false } },
    };
}
