namespace HessianWeb.Server.Access;

/// <summary>The access pages' addresses, and which requests are a script's (answered with a status, not a redirect).</summary>
public static class AccessPaths
{
    public const string Login = "/account/login";
    public const string Logout = "/account/logout";
    public const string Denied = "/account/denied";
    public const string LinkUnavailable = "/account/link-unavailable";

    public static bool IsApi(HttpRequest request) => request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");
}
