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

    public bool IsValid(string? presented)
    {
        if (string.IsNullOrEmpty(presented)) return false;
        var candidates = configuration.GetSection("Workers:Tokens").Get<string[]>() ?? [];
        return candidates.Append(LocalToken).Where(t => !string.IsNullOrEmpty(t)).Any(t => FixedTimeEquals(t, presented));
    }

    static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
