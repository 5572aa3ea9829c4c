using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HessianWeb.Server.Access;
using HessianWeb.Server.Access.Audit;
using HessianWeb.Shared;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Runs.Listing;

/// <summary>Who may delete which run over <c>DELETE /api/runs/{id}</c>, the audit line it leaves, and the list by launcher.</summary>
public sealed class RunDeletionAccessTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_member_may_not_delete_another_members_run_and_is_told_why()
    {
        var bobs = await EndedRunAsync("bob's run", "bob");
        using var ann = await server.SignedInHttpAsync("ann", Roles.Member);

        var response = await ann.DeleteAsync($"/api/runs/{bobs}");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("only its launcher or an admin", problem.GetProperty("detail").GetString());
        Assert.NotNull(await server.Results.GetAsync(bobs));
        Assert.DoesNotContain(await server.Services.GetRequiredService<AuditLog>().ListAsync(), a => a.Action == "run deleted");
    }

    [Fact]
    public async Task A_member_deletes_their_own_run_and_the_audit_log_says_so()
    {
        var anns = await EndedRunAsync("ann's run", "ann");
        using var ann = await server.SignedInHttpAsync("ann", Roles.Member);

        var response = await ann.DeleteAsync($"/api/runs/{anns}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Null(await server.Results.GetAsync(anns));
        var entry = Assert.Single(await server.Services.GetRequiredService<AuditLog>().ListAsync(), a => a.Action == "run deleted");
        Assert.Equal("ann", entry.Actor);
        Assert.Equal($"ann's run ({anns})", entry.Target);
    }

    [Fact]
    public async Task The_list_filters_by_who_launched_the_runs()
    {
        using var ann = await server.SignedInHttpAsync("ann", Roles.Member);
        using var bob = await server.SignedInHttpAsync("bob", Roles.Member);
        (await ann.PostAsync("/api/runs", JsonContent.Create(new ExperimentSpec { Name = "ann's" }, options: JsonFormat.Options))).EnsureSuccessStatusCode();
        (await bob.PostAsync("/api/runs", JsonContent.Create(new ExperimentSpec { Name = "bob's" }, options: JsonFormat.Options))).EnsureSuccessStatusCode();

        var runs = (await ann.GetFromJsonAsync<JsonElement>("/api/runs?launchedBy=ann")).EnumerateArray().ToList();

        var run = Assert.Single(runs);
        Assert.Equal("ann's", run.GetProperty("name").GetString());
        Assert.Equal("ann", run.GetProperty("launchedBy").GetString());
        Assert.Equal(2, (await ann.GetFromJsonAsync<JsonElement>("/api/runs")).GetArrayLength());
    }

    async Task<Guid> EndedRunAsync(string name, string launchedBy)
    {
        var run = await server.Store.CreateAsync(new ExperimentSpec { Name = name }, launchedBy);
        await server.Store.AppendAsync([new RunEvent
        {
            RunId = run.Id, Sequence = run.LastSequence + 1, Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed, null, null, null),
        }]);
        return run.Id;
    }
}
