using System.Globalization;

namespace HessianWeb.Client.Worker;

/// <summary>
/// How this worker was started: <c>--server URL[,URL…] [--name N] [--threads T] [--parent-pid P] [--give-up-after SECONDS]
/// [--device cpu|cuda] [--upload-cache DIR]</c>
/// (or HESSIANWEB_SERVER), token in HESSIANWEB_WORKER_TOKEN. Several servers are instances sharing one store: the worker
/// connects to the first it reaches and fails over to the others (<see cref="ServerLink"/>).
/// </summary>
public sealed record WorkerSettings(IReadOnlyList<Uri> Servers, string Token, string Name, int Threads, int? ParentProcessId)
{
    public const string TokenVariable = "HESSIANWEB_WORKER_TOKEN";

    /// <summary>Set by the server's supervisor for its local worker, so it can tell that worker apart from any other.</summary>
    public const string IdVariable = "HESSIANWEB_WORKER_ID";

    /// <summary>Who this worker process is, made when it starts (pids repeat: every container's worker is pid 1).</summary>
    public Guid WorkerId { get; init; } = Guid.NewGuid();

    /// <summary>How long the worker keeps trying to reach a server it lost (or never reached) before it exits.</summary>
    public TimeSpan GiveUpAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary><c>--device cpu|cuda</c>; none lets <see cref="Runs.ComputeDevice.Choose"/> pick (CUDA when there is a GPU).</summary>
    public string? Device { get; init; }

    /// <summary>
    /// <c>--upload-cache DIR</c>: where uploaded files are kept (<see cref="ArtifactTransfer.UploadCache"/>); the server's
    /// supervisor gives its local worker the server's own uploads folder, whose files are already named by their hash.
    /// </summary>
    public string? UploadCache { get; init; }

    public static WorkerSettings Parse(string[] args)
    {
        string? Arg(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var servers = ParseServers(Arg("--server") ?? Environment.GetEnvironmentVariable("HESSIANWEB_SERVER"));
        var token = Arg("--token") ?? Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
            throw new ArgumentException($"Give the worker token in {TokenVariable} (or --token).");
        var threads = int.TryParse(Arg("--threads"), out var t) && t > 0 ? t : Environment.ProcessorCount;
        int? parent = int.TryParse(Arg("--parent-pid"), out var p) ? p : null;
        var settings = new WorkerSettings(servers, token, Arg("--name") ?? Environment.MachineName, threads, parent);
        if (Arg("--give-up-after") is { } giveUp)
            settings = settings with
            {
                GiveUpAfter = double.TryParse(giveUp, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
                    ? TimeSpan.FromSeconds(seconds)
                    : throw new ArgumentException($"--give-up-after takes a number of seconds above 0, not '{giveUp}'."),
            };
        if (Arg("--device") is { } device) settings = settings with { Device = device };
        if (Arg("--upload-cache") is { } cache) settings = settings with { UploadCache = Path.GetFullPath(cache) };
        if (Guid.TryParse(Environment.GetEnvironmentVariable(IdVariable), out var id)) settings = settings with { WorkerId = id };
        return settings;
    }

    /// <summary>The comma-separated server addresses, each an absolute http(s) address, in the order given.</summary>
    static IReadOnlyList<Uri> ParseServers(string? list)
    {
        var given = (list ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (given.Length == 0) throw new ArgumentException("Give the server's address: --server http://host:port (several: --server http://a:5080,http://b:5080)");
        return given.Select(server => Uri.TryCreate(server, UriKind.Absolute, out var uri) && uri.Scheme is ("http" or "https")
            ? uri
            : throw new ArgumentException($"'{server}' is not an http(s) address.")).Distinct().ToList();
    }
}
