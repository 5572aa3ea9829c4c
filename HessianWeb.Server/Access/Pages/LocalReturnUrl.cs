namespace HessianWeb.Server.Access.Pages;

/// <summary>Where a sign-in sends the browser next: only an address on this server, so that a crafted login link cannot forward a fresh session elsewhere.</summary>
public static class LocalReturnUrl
{
    /// <summary><paramref name="returnUrl"/> when it is a path here ("/…" but not "//…" or "/\…", which browsers read as another host), else "/".</summary>
    public static string Of(string? returnUrl) =>
        returnUrl is { Length: > 0 } url && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
