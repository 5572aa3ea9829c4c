using HessianWeb.Server.Access.Shares;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Access;

/// <summary>
/// The policies every endpoint and page names one of (or <c>AllowAnonymous</c>); what names none is denied by the fallback,
/// and Tests/Server/Access/AccessMatrixTests fails on it.
/// </summary>
public static class Policies
{
    /// <summary>Any role, or a share link that opens the run, comparison or sweep the request names.</summary>
    public const string Reader = "reader";
    public const string Viewer = "viewer";
    /// <summary>Launch, cancel, annotate; delete their own runs.</summary>
    public const string Member = "member";
    public const string Admin = "admin";
    /// <summary>A compute worker's token: the hub and the artifact transfers.</summary>
    public const string Worker = "worker";
    /// <summary>A person (any role, or a share link's holder): the circuit's own connection, under each page's policy.</summary>
    public const string Connected = "connected";

    public static readonly IReadOnlyList<string> All = [Reader, Viewer, Member, Admin, Worker, Connected];

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(Reader, p => p.AddRequirements(new ReaderRequirement()));
        // The role ladder is Roles.Covers's, as the pages' own checks (AccessPrincipal) read it.
        options.AddPolicy(Viewer, p => p.RequireAssertion(c => c.User.Has(Roles.Viewer)));
        options.AddPolicy(Member, p => p.RequireAssertion(c => c.User.Has(Roles.Member)));
        options.AddPolicy(Admin, p => p.RequireAssertion(c => c.User.Has(Roles.Admin)));
        options.AddPolicy(Worker, p => p.RequireClaim(AccessClaims.WorkerToken));
        options.AddPolicy(Connected, p => p.RequireAssertion(c => c.User.Role() is not null || c.User.IsShareHolder()));
        // An endpoint that names no policy is a mistake: nobody may use it until it names one.
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAssertion(_ => false).Build();
    }
}

public sealed class ReaderRequirement : IAuthorizationRequirement;

/// <summary>
/// Reader: a role reads everything; a share link reads what it opens. On an endpoint the request names what is read;
/// on a page (the router's check, in the circuit) the page's address does.
/// </summary>
public sealed class ReaderHandler(IServiceProvider services) : AuthorizationHandler<ReaderRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ReaderRequirement requirement)
    {
        if (context.User.Has(Roles.Viewer)) context.Succeed(requirement);
        else if (context.User.IsShareHolder() && Target(context.Resource)?.CoveredBy(context.User) == true) context.Succeed(requirement);
        return Task.CompletedTask;
    }

    SharedTarget? Target(object? resource)
    {
        if (resource is HttpContext http) return SharedTarget.Of(http.Request.Path, http.Request.Query);
        try { return services.GetService<NavigationManager>() is { } nav ? SharedTarget.Of(new Uri(nav.Uri)) : null; }
        catch (InvalidOperationException) { return null; } // no page being rendered in this scope
    }
}
