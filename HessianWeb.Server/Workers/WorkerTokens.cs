using System.Security.Cryptography;
using System.Text;

namespace HessianWeb.Server.Workers;

/// <summary>
/// The tokens a worker may present: one generated at start-up for the local worker (never written
/// anywhere) plus those configured under <c>Workers:Tokens</c> for remote GPU hosts.
/// </summary>
public sealed class WorkerTokens(IConfiguration configuration)
{
    public string LocalToken { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

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
            if (!string.IsNullOrEmpty(token) && FixedTimeEquals(token, presented)) found ??= id;
        return found;
    }

    static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
