using HessianWeb.Server.Access.Accounts;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HessianWeb.Server.Access.Accounts;

/// <summary>
/// First start: while no admin exists, a one-time link that makes the first one, printed on the console as Jupyter
/// prints its token URL. It is written to standard output only, never to the log; a restart prints a new one.
/// </summary>
public sealed class SetupLink(Accounts accounts, IServer server, IHostApplicationLifetime lifetime, ILogger<SetupLink> logger) : IHostedService
{
    public const string Path = "/setup";
    string? hash;

    /// <summary>Whether <paramref name="token"/> is the link's token (it stays valid until an admin exists).</summary>
    public bool Accepts(string? token) => hash is not null && token is not null && SecretTokens.SameSecret(SecretTokens.Hash(token), hash);

    /// <summary>The link's address once the server listens: what the run command prints. Null when an admin exists.</summary>
    public string? Url { get; private set; }

    /// <summary>Completes once the link is made (with <see cref="Url"/>), or is not needed (null): after the server starts listening.</summary>
    public Task<string?> Printed => printed.Task;
    readonly TaskCompletionSource<string?> printed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task StartAsync(CancellationToken ct)
    {
        lifetime.ApplicationStarted.Register(() => _ = PrintAsync());
        return Task.CompletedTask;
    }

    async Task PrintAsync()
    {
        try
        {
            if (await accounts.AnyAdminAsync()) return;
            var token = SecretTokens.New("");
            hash = SecretTokens.Hash(token);
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
            var local = new UriBuilder(address);
            if (local.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*") local.Host = "localhost";
            Url = $"{local.Uri.GetLeftPart(UriPartial.Authority)}{Path}?token={token}";
            Console.Out.WriteLine();
            Console.Out.WriteLine("  No admin yet. Open this link to make the first admin account (it works until one exists):");
            Console.Out.WriteLine($"      {Url}");
            Console.Out.WriteLine();
            Console.Out.Flush();
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Could not make the first-start setup link; set Access:BootstrapToken and create an admin through the API instead");
        }
        finally { printed.TrySetResult(Url); }
    }

    /// <summary>Called when the first admin exists: the link opens nothing from then on.</summary>
    public void Used()
    {
        hash = null;
        Url = null;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
