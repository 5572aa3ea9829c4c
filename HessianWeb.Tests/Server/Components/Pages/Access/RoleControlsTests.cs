using System.Security.Claims;
using Bunit;
using HessianWeb.Server.Access;
using HessianWeb.Server.Components.Pages;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Components.Pages.Access;

/// <summary>The pages offer each write only to those who may, and their handlers refuse the others in words.</summary>
public sealed class RoleControlsTests : DashboardTestContext
{
    // The run page's charts call the chart module; this answers them as the browser's would.
    public RoleControlsTests() => _ = new ChartModule(JSInterop);

    [Fact]
    public async Task A_viewer_sees_no_launch_archive_or_delete_on_the_home_page()
    {
        await EndedRunAsync("finished", launchedBy: "tester");
        ActAs(Roles.Viewer);

        var home = Render<Home>();

        home.WaitForAssertion(() => Assert.Single(home.FindAll("[data-testid=runs-table] tbody tr")), Patience);
        Assert.Empty(home.FindAll("[data-testid=archive-run]"));
        Assert.Empty(home.FindAll("[data-testid=delete-run]"));
        Assert.Empty(home.FindAll("[data-testid=new-run]"));
        // Reading is all theirs: who launched it is a column.
        Assert.Contains("tester", home.Find("[data-testid=runs-table] tbody tr").TextContent);
    }

    [Fact]
    public async Task A_viewer_sees_no_cancel_or_annotation_controls_on_the_run_page_and_the_cancel_handler_refuses()
    {
        var run = await Store.CreateAsync(new ExperimentSpec { Name = "going" }, "ann");
        await AppendAsync(run.Id, Status(RunStatus.Running, RunPhase.Training), Epoch(1, 1.0, 0.5));
        await Listing.UpdateAsync(run.Id, new HessianWeb.Server.Runs.Listing.RunPatch(Tags: ["paper"]));
        ActAs(Roles.Viewer);

        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));

        view.WaitForAssertion(() => Assert.Equal("running: training", view.Find("[data-testid=run-status]").TextContent.Trim()), Patience);
        Assert.Contains("launched by ann", view.Find("[data-testid=run-facts]").TextContent);
        Assert.Empty(view.FindAll("[data-testid=cancel-run]"));
        Assert.Empty(view.FindAll("[data-testid=edit-note]"));
        Assert.Empty(view.FindAll("[data-testid=add-tag]"));
        Assert.Equal("paper", view.Find("[data-testid=run-tag]").TextContent.Trim());

        // A cancel that reaches the page anyway (the button is not there to click) is refused, and the run goes on.
        await view.InvokeAsync(() => view.FindComponent<RunHeader>().Instance.OnCancel.InvokeAsync());

        view.WaitForAssertion(() => Assert.Contains("You may not cancel runs", view.Markup), Patience);
        Assert.Equal(RunStatus.Running, (await Results.GetAsync(run.Id))!.Status);
    }

    [Fact]
    public async Task A_member_may_delete_only_their_own_runs_and_the_delete_handler_refuses_another_s()
    {
        var own = await EndedRunAsync("mine", launchedBy: "tester");
        var others = await EndedRunAsync("bob's", launchedBy: "bob");
        ActAs(Roles.Member);

        var home = Render<Home>();

        home.WaitForAssertion(() => Assert.Equal(2, home.FindAll("[data-testid=runs-table] tbody tr").Count), Patience);
        Assert.Single(home.FindAll($"tr[data-run-id='{own}'] [data-testid=delete-run]"));
        Assert.Empty(home.FindAll($"tr[data-run-id='{others}'] [data-testid=delete-run]"));
        Assert.Equal(2, home.FindAll("[data-testid=archive-run]").Count);

        var bobs = (await Results.GetAsync(others))!;
        await home.InvokeAsync(() => home.FindComponent<RunsTable>().Instance.OnDelete.InvokeAsync(bobs));

        Assert.NotNull(await Results.GetAsync(others));
    }

    [Fact]
    public async Task The_address_s_launchedBy_keeps_the_list_to_one_launcher_as_a_chip()
    {
        await EndedRunAsync("ann's", launchedBy: "ann");
        await EndedRunAsync("bob's", launchedBy: "bob");
        Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().NavigateTo("/?launchedBy=ann");

        var home = Render<Home>();

        home.WaitForAssertion(() => Assert.Single(home.FindAll("[data-testid=runs-table] tbody tr")), Patience);
        Assert.Contains("ann's", home.Find("[data-testid=runs-table] tbody tr").TextContent);
        Assert.Equal("launched by: ann", home.Find("[data-testid=filter-chip]").TextContent.Trim());
    }

    void ActAs(string role)
    {
        Authorization.SetRoles(role);
        Authorization.SetClaims(new Claim(ClaimTypes.Role, role));
        Authorization.SetPolicies(role == Roles.Member
            ? [Policies.Reader, Policies.Viewer, Policies.Member, Policies.Connected]
            : [Policies.Reader, Policies.Viewer, Policies.Connected]);
    }

    async Task<Guid> EndedRunAsync(string name, string launchedBy)
    {
        var run = await Store.CreateAsync(new ExperimentSpec { Name = name }, launchedBy);
        await AppendAsync(run.Id, Status(RunStatus.Completed));
        return run.Id;
    }
}
