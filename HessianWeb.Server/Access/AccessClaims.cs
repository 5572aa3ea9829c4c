namespace HessianWeb.Server.Access;

/// <summary>The claims a principal carries besides ASP.NET's name, id and role.</summary>
public static class AccessClaims
{
    /// <summary>A worker's token: "local" (the local worker's start-up token), "config-N" (<c>Workers:Tokens</c>) or a stored token's id.</summary>
    public const string WorkerToken = "hw:worker-token";
    /// <summary>A run a share link lets its holder read (one claim per run).</summary>
    public const string SharedRun = "hw:shared-run";
    /// <summary>A sweep a share link lets its holder read.</summary>
    public const string SharedSweep = "hw:shared-sweep";
    /// <summary>The id of a share link the principal holds (one claim per link), so an open page can check it again.</summary>
    public const string ShareLink = "hw:share-link";
    /// <summary>What authenticated the principal: "cookie", "api-token", "bootstrap", "worker" or "share".</summary>
    public const string Via = "hw:via";
}
