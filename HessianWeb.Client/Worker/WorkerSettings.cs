namespace HessianWeb.Client.Worker;

/// <summary>How this worker was started: <c>--server URL [--name N] [--threads T] [--parent-pid P]</c>, token in HESSIANWEB_WORKER_TOKEN.</summary>
public sealed record WorkerSettings(Uri Server, string Token, string Name, int Threads, int? ParentProcessId)
{
    public const string TokenVariable = "HESSIANWEB_WORKER_TOKEN";

    public static WorkerSettings Parse(string[] args)
    {
        string? Arg(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        var server = Arg("--server") ?? Environment.GetEnvironmentVariable("HESSIANWEB_SERVER")
            ?? throw new ArgumentException("Give the server's address: --server http://host:port");
        if (!Uri.TryCreate(server, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"'{server}' is not an http(s) address.");
        var token = Arg("--token") ?? Environment.GetEnvironmentVariable(TokenVariable);
        if (string.IsNullOrWhiteSpace(token))
            throw new ArgumentException($"Give the worker token in {TokenVariable} (or --token).");
        var threads = int.TryParse(Arg("--threads"), out var t) && t > 0 ? t : Environment.ProcessorCount;
        int? parent = int.TryParse(Arg("--parent-pid"), out var p) ? p : null;
        return new WorkerSettings(uri, token, Arg("--name") ?? Environment.MachineName, threads, parent);
    }
}
