namespace HessianWeb.Server;

/// <summary>
/// What the server's tool commands (<c>seed</c>, <c>live-load</c>, <c>page-load</c>, <c>load</c>) share: their options parsed, or the reason printed
/// with exit code 2 instead of a stack trace; and the server they measure: a given store, no local worker, any free
/// loopback port, quiet logs.
/// </summary>
public static class ToolCommands
{
    public static T? ParseOrExit<T>(Func<string[], T?> parse, string[] args) where T : class
    {
        try { return parse(args); }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            Environment.Exit(2);
            return null;
        }
    }

    public static string[] QuietServerArgs(string dataDirectory, string urls = "http://127.0.0.1:0") =>
    [
        "--DataDirectory", dataDirectory,
        "--Workers:StartLocalWorker", "false",
        "--urls", urls,
        "--Logging:LogLevel:Default", "Warning",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning",
        // The command's own requests are an admin's; the pages it opens in Chromium, share links' (Access/).
        "--Access:BootstrapToken", CommandToken,
    ];

    /// <summary>The admin token of a tool command's own server, made for this process only.</summary>
    public static readonly string CommandToken = Access.SecretTokens.New("cmd_");

    /// <summary>The address of <paramref name="runId"/>'s page with a read-only link that opens it for an hour.</summary>
    public static async Task<Uri> SharedRunPageAsync(IServiceProvider services, Uri server, Guid runId)
    {
        var link = await services.GetRequiredService<Access.Shares.ShareLinks>()
            .CreateAsync(Access.Shares.ShareKind.Run, [runId], TimeSpan.FromHours(1), "tool command");
        return new Uri(server, link!.RelativeUrl);
    }
}
