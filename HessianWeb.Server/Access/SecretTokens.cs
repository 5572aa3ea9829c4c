using System.Security.Cryptography;
using System.Text;

namespace HessianWeb.Server.Access;

/// <summary>
/// Secrets handed out once (API, worker and invitation tokens) and kept only as their SHA-256: 256 random bits need no
/// slow hash, and a stolen database yields no token. The prefix says what a token is when it turns up in a script.
/// </summary>
public static class SecretTokens
{
    public const string ApiPrefix = "hwt_";
    public const string WorkerPrefix = "hww_";
    public const string InvitationPrefix = "hwi_";

    public static string New(string prefix) => prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Compares a presented secret with a configured one in time that does not depend on where they differ.</summary>
    public static bool SameSecret(string presented, string configured) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(configured)));

    static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
