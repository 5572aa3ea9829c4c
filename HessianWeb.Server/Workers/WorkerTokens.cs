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

    /// <summary>
    /// Which token was presented, by an id that is not the token: "local" for the local worker's, "config-N" for the N-th
    /// (from 0) of <c>Workers:Tokens</c>; null for none of them. Every candidate is compared, so the time taken does not
    /// tell which one matched.
    /// </summary>
    public string? Identify(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return null;
        var configured = configuration.GetSection("Workers:Tokens").Get<string[]>() ?? [];
        var candidates = configured.Select((token, i) => (Id: $"config-{i}", Token: token)).Prepend(("local", LocalToken));
        string? found = null;
        foreach (var (id, token) in candidates)
            if (!string.IsNullOrEmpty(token) && SecretTokens.SameSecret(presented, token)) found ??= id;
        return found;
    }
}
