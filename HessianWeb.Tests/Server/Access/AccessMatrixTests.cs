using HessianWeb.Server.Access;
using HessianWeb.Server.Sweeps;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Access;

/// <summary>
/// Issue 13's access matrix, generated from the app's own endpoints and pages: each names one policy, and each answers
/// every kind of principal as that policy says (artifacts/access-matrix.md is the table).
/// </summary>
public sealed class AccessMatrixTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    AccessSurvey Survey() => AccessSurvey.Of(server.Services.GetRequiredService<EndpointDataSource>().Endpoints);

    [Fact]
    public void Every_endpoint_and_page_names_exactly_one_policy()
    {
        var survey = Survey();

        Assert.True(survey.Problems.Count == 0, "Routes that name no single policy:\n" + string.Join('\n', survey.Problems));
        // The survey sees both the API and the pages, each with the policy it names.
        Assert.Contains(new SurveyedRoute("POST", "api/runs/", RouteKind.Api, Policies.Member), survey.Routes);
        Assert.Contains(new SurveyedRoute("GET", "runs/{Id:guid}", RouteKind.Page, Policies.Reader), survey.Routes);
        Assert.Contains(survey.Routes, r => r.Kind == RouteKind.StaticAsset);
        Assert.Contains(survey.Routes, r => r.Kind == RouteKind.Circuit);
    }

    [Fact]
    public void The_survey_reports_an_endpoint_or_page_that_names_no_single_policy()
    {
        var app = WebApplication.CreateSlimBuilder().Build();
        app.MapGet("/api/guarded", () => "").RequireAuthorization(Policies.Viewer);
        app.MapGet("/api/new", () => "");
        app.MapGroup("/api/twice").RequireAuthorization(Policies.Viewer).MapGet("/", () => "").RequireAuthorization(Policies.Admin);
        app.MapGet("/api/by-role", () => "").RequireAuthorization(new AuthorizeAttribute { Roles = Roles.Admin });
        // A page that relies on the convention's Connected alone, as every page would if MapRazorComponents' were the only check.
        var page = new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse("/unmarked"), 0,
            new EndpointMetadataCollection(new ComponentTypeMetadata(typeof(UnmarkedPage)), new AuthorizeAttribute(Policies.Connected)), "unmarked page");

        var survey = AccessSurvey.Of([.. ((IEndpointRouteBuilder)app).DataSources.SelectMany(d => d.Endpoints), page]);

        Assert.Equal(["* /unmarked", "GET /api/by-role", "GET /api/new", "GET /api/twice/"], survey.Problems.Select(p => p.Split(':')[0]).Order(StringComparer.Ordinal));
        Assert.Equal(Policies.Viewer, Assert.Single(survey.Routes, r => r.Pattern == "api/guarded").Policy);
    }

    [Fact]
    public async Task Every_route_answers_each_principal_as_its_policy_says()
    {
        var targets = await TargetsAsync();
        using var principals = await MatrixPrincipals.CreateAsync(server, targets.SharedRun, targets.SharedSweep);
        var routes = Survey().Routes;
        // The static assets all come from one MapStaticAssets().AllowAnonymous(): one stands for them.
        var matrixRoutes = routes.Where(r => r.Kind != RouteKind.StaticAsset).Append(routes.First(r => r is { Kind: RouteKind.StaticAsset, Method: "GET" })).ToList();

        var cells = new List<MatrixCell>();
        foreach (var route in matrixRoutes)
            foreach (var principal in Enum.GetValues<Principal>())
            {
                using var request = AccessMatrix.Request(route, targets, principals.ShareToken(principal, route.Pattern));
                using var response = await principals.Client(principal).SendAsync(request);
                var (allowed, answer) = AccessMatrix.Read(response, route);
                cells.Add(new MatrixCell(route, principal, AccessExpectations.Allows(route.Policy, principal), allowed, answer));
            }

        var artifacts = Path.Combine(RepoRoot.Path, "artifacts");
        Directory.CreateDirectory(artifacts);
        await File.WriteAllTextAsync(Path.Combine(artifacts, "access-matrix.md"), AccessMatrix.Markdown(cells));
        var wrong = cells.Where(c => !c.Agrees).ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cells.Count} cells disagree with their policy:\n{string.Join('\n', wrong)}");
    }

    async Task<MatrixTargets> TargetsAsync()
    {
        async Task<Guid> Run(string name) => (await server.Store.CreateAsync(new ExperimentSpec { Name = name }, "member")).Id;
        async Task<Guid> Sweep(string name)
        {
            var sweep = new SweepSpec { Name = name, Axes = [new("model.seed", [0, 1])] };
            return await server.Sweeps.CreateAsync(sweep, SweepGrid.Expand(sweep).Points, "member");
        }
        return new(await Run("shared"), await Sweep("shared"), await Run("throwaway"), await Sweep("throwaway"));
    }

    public void Dispose() => server.Dispose();

    sealed class UnmarkedPage : ComponentBase;
}
