using HessianWeb.Server.Access;

namespace HessianWeb.Server.Workers;

/// <summary>
/// The worker tokens that live outside the store: one generated at start-up for the local worker (never written
/// anywhere) plus those configured under <c>Workers:Tokens</c>. Tokens an admin makes on the workers page are stored
/// hashed (Access/Tokens/WorkerTokenStore).
/// </summary>
public sealed class WorkerTokens(IConfiguration configuration)
{
    public string LocalToken { get; } = SecretTokens.New(SecretTokens.WorkerPrefix);

    /// <summary>The token's id ("local", or "config-N" for the N-th configured token), or null when it is neither.</summary>
    public string? Identify(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        if (SecretTokens.SameSecret(presented, LocalToken)) return "local";
        var configured = configuration.GetSection("Workers:Tokens").Get<string[]>() ?? [];
        for (var i = 0; i < configured.Length; i++)
            if (!string.IsNullOrEmpty(configured[i]) && SecretTokens.SameSecret(presented, configured[i])) return $"config-{i}";
        return null;
    }

    public bool IsValid(string? presented) => Identify(presented) is not null;
}
