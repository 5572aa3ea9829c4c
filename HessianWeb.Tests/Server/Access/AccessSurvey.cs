using HessianWeb.Server.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticAssets;

namespace HessianWeb.Tests.Server.Access;

/// <summary>What an endpoint is to the access matrix: the app's own (an API or a page) or the framework's.</summary>
public enum RouteKind { Api, Page, StaticAsset, StaticAssetFallback, Circuit }

/// <summary>One endpoint and method, and the one policy it names (<see cref="AccessSurvey.Anonymous"/> for <c>AllowAnonymous</c>).</summary>
public sealed record SurveyedRoute(string Method, string Pattern, RouteKind Kind, string Policy)
{
    public override string ToString() => $"{Method} /{Pattern}";
}

/// <summary>The app's routes and the access mistakes among them; <see cref="AccessSurvey.Problems"/> is empty when every route names one policy.</summary>
public sealed record AccessSurvey(IReadOnlyList<SurveyedRoute> Routes, IReadOnlyList<string> Problems)
{
    public const string Anonymous = "anonymous";
    public const string Unnamed = "none";
    /// <summary>The method of an endpoint that takes any (SignalR's, which answer a wrong one themselves).</summary>
    public const string AnyMethod = "*";

    /// <summary>
    /// Surveys endpoints as routing has them. An app endpoint must carry exactly one policy of <see cref="Policies.All"/>
    /// or <c>AllowAnonymous</c> (a group's policy and its endpoint's both count); a page's own component type must name it,
    /// besides the <see cref="Policies.Connected"/> that MapRazorComponents adds to every page. The framework's endpoints
    /// carry what Program.cs gives them: static assets are anonymous, Blazor's circuit needs a signed-in principal.
    /// </summary>
    public static AccessSurvey Of(IEnumerable<Endpoint> endpoints)
    {
        var routes = new List<SurveyedRoute>();
        var problems = new List<string>();
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>())
        {
            var pattern = endpoint.RoutePattern.RawText?.TrimStart('/') ?? "";
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { Count: > 0 } named ? named : [AnyMethod];
            var kind = KindOf(endpoint, pattern);
            var (policy, problem) = kind switch
            {
                RouteKind.Page => PagePolicy(endpoint),
                RouteKind.StaticAsset => Expect(Named(endpoint.Metadata), Anonymous),
                // MapStaticAssets, run from build output (tests, dotnet run; never a published app), adds a fallback for files
                // added to wwwroot after start-up, outside the conventions of the builder it returns: the fallback policy shuts it.
                RouteKind.StaticAssetFallback => Named(endpoint.Metadata).Count == 0 ? (Unnamed, null) : (null, "should name nothing"),
                RouteKind.Circuit => Expect(Named(endpoint.Metadata), Policies.Connected),
                _ => Single(Named(endpoint.Metadata)),
            };
            foreach (var method in methods)
            {
                var route = new SurveyedRoute(method, pattern, kind, policy ?? Unnamed);
                if (problem is not null) problems.Add($"{route}: {problem}");
                routes.Add(route);
            }
        }
        return new(routes, problems);
    }

    static RouteKind KindOf(RouteEndpoint endpoint, string pattern) =>
        endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null ? RouteKind.Page
        : endpoint.Metadata.GetMetadata<StaticAssetDescriptor>() is not null ? RouteKind.StaticAsset
        : pattern == "{**path:file}" && endpoint.DisplayName == "Fallback {**path:file}" ? RouteKind.StaticAssetFallback
        : pattern.StartsWith("_blazor", StringComparison.Ordinal) || pattern.StartsWith("_framework", StringComparison.Ordinal) ? RouteKind.Circuit
        : RouteKind.Api;

    const string Unknown = "[Authorize] without one of Policies.All";

    /// <summary>What a set of attributes or metadata names: each authorize's policy, and "anonymous".</summary>
    static List<string> Named(IEnumerable<object> metadata) =>
        metadata.Select(m => m switch
            {
                IAllowAnonymous => Anonymous,
                IAuthorizeData a => a.Policy is { } p && a.Roles is null && a.AuthenticationSchemes is null && Policies.All.Contains(p) ? p : Unknown,
                _ => null,
            })
            .OfType<string>()
            .ToList();

    /// <summary>The one policy named; a hub's [Authorize] and its MapHub's RequireAuthorization naming the same one is one.</summary>
    static (string? Policy, string? Problem) Single(List<string> named) => named.Distinct().ToList() switch
    {
        [] => (null, "names no policy (add .RequireAuthorization(Policies.X) or .AllowAnonymous())"),
        [Unknown] => (null, Unknown),
        [var one] => (one, null),
        _ => (null, $"names {named.Count}: {string.Join(", ", named)}"),
    };

    static (string? Policy, string? Problem) Expect(List<string> named, string expected) =>
        Single(named) is (var policy, null) && policy == expected ? (policy, null) : (null, $"should be {expected}, names {string.Join(", ", named)}");

    static (string? Policy, string? Problem) PagePolicy(RouteEndpoint endpoint)
    {
        var component = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>()!.Type;
        var own = Single(Named(component.GetCustomAttributes(inherit: true)));
        if (own.Problem is not null) return (null, $"page {component.Name} {own.Problem} in its own @attribute");
        // The endpoint adds only the convention's Connected to what the page names.
        var extra = Named(endpoint.Metadata).Where(n => n != own.Policy && n != Policies.Connected).ToList();
        return extra.Count == 0 ? own : (null, $"page {component.Name} names {own.Policy} but its endpoint adds {string.Join(", ", extra)}");
    }
}
