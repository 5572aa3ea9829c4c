using Bunit;
using HessianWeb.Server.Components.Pages;
using HessianWeb.Server.Runs.Listing;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Components.Pages;

public sealed class HomeTests : DashboardTestContext
{
    [Fact]
    public void Says_what_to_do_when_there_are_no_runs_and_no_workers()
    {
        var home = Render<Home>();

        home.WaitForAssertion(() => Assert.Contains("No runs yet — start one with New run", home.Find("[data-testid=runs-empty]").TextContent), Patience);
        Assert.Contains("No worker is connected.", home.Find("[data-testid=workers-empty]").TextContent);
    }

    [Fact]
    public async Task Lists_runs_newest_first_with_status_size_and_top_eigenvalue()
    {
        var older = await CreateRunAsync("older");
        var newer = await Store.CreateAsync(new() { Name = "newer", Model = new() { HiddenWidths = [20] } });
        await AppendAsync(older.Id,
            Status(RunStatus.Running, RunPhase.Analysing),
            Spectrum(Checkpoints.Init, SpectrumMethods.Exact, 12.3456789, 0.1));

        var home = Render<Home>();

        home.WaitForAssertion(() => Assert.Equal(2, home.FindAll("[data-testid=runs-table] tbody tr").Count), Patience);
        var rows = home.FindAll("[data-testid=runs-table] tbody tr");
        Assert.Equal(newer.Id.ToString(), rows[0].GetAttribute("data-run-id"));
        Assert.Contains("newer", rows[0].TextContent);
        Assert.Contains("queued", rows[0].TextContent);
        // (2+1)·20 + (20+1)·4
        Assert.Contains("144", rows[0].TextContent);
        Assert.Contains("running: analysing", rows[1].TextContent);
        Assert.Contains("109", rows[1].TextContent);
        Assert.Contains("12.35", rows[1].TextContent);
        Assert.Equal($"/runs/{older.Id}", rows[1].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Shows_new_runs_and_workers_without_a_reload()
    {
        var home = Render<Home>();
        home.WaitForAssertion(() => home.Find("[data-testid=runs-empty]"), Patience);

        var run = await CreateRunAsync("arrives later");
        Registry.Add(Worker("gpu-7"));

        home.WaitForAssertion(() =>
        {
            Assert.Contains("arrives later", home.Find("[data-testid=runs-table]").TextContent);
            Assert.Contains("gpu-7", home.Find("[data-testid=worker]").TextContent);
            Assert.Contains("idle", home.Find("[data-testid=worker]").TextContent);
        }, Patience);

        Registry.SetCurrentRun("connection-gpu-7", run.Id);

        home.WaitForAssertion(() => Assert.Contains("busy", home.Find("[data-testid=worker]").TextContent), Patience);
    }

    [Fact]
    public async Task The_address_filters_the_list_and_each_filter_shows_as_a_chip_that_removes_it()
    {
        var failed = await CreateRunAsync("broken");
        await AppendAsync(failed.Id, Status(RunStatus.Failed, error: "lost worker"));
        await CreateRunAsync("waiting");
        await Listing.UpdateAsync(failed.Id, new RunPatch(Tags: ["paper"]));
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo("/?status=failed&tag=paper");

        var home = Render<Home>();

        home.WaitForAssertion(() => Assert.Single(home.FindAll("[data-testid=runs-table] tbody tr")), Patience);
        Assert.Contains("broken", home.Find("[data-testid=runs-table] tbody tr").TextContent);
        Assert.Equal(["status: failed", "tag: paper"], home.FindAll("[data-testid=filter-chip]").Select(c => c.TextContent.Trim()));

        // Closing the status chip takes it out of the address; the page reloads from there.
        await home.InvokeAsync(() => home.FindAll("[data-testid=filter-chip] .mud-chip-close-button")[0].Click());

        Assert.Equal("http://localhost/?tag=paper", navigation.Uri);
        home.WaitForAssertion(() => Assert.Equal(["tag: paper"], home.FindAll("[data-testid=filter-chip]").Select(c => c.TextContent.Trim())), Patience);
    }

    [Fact]
    public async Task A_header_sorts_by_its_column_and_a_second_click_turns_the_order_round()
    {
        await CreateRunAsync("b");
        await CreateRunAsync("a");
        await CreateRunAsync("c");
        var navigation = Services.GetRequiredService<NavigationManager>();
        var home = Render<Home>();
        home.WaitForAssertion(() => Assert.Equal(3, home.FindAll("[data-testid=runs-table] tbody tr").Count), Patience);

        home.Find("[data-testid=sort-name]").Click();
        Assert.Equal("http://localhost/?sort=name", navigation.Uri);
        home.WaitForAssertion(() => Assert.Equal(["a", "b", "c"], Names(home)), Patience);

        home.Find("[data-testid=sort-name]").Click();
        Assert.Equal("http://localhost/?sort=-name", navigation.Uri);
        home.WaitForAssertion(() => Assert.Equal(["c", "b", "a"], Names(home)), Patience);
    }

    static IEnumerable<string> Names(IRenderedComponent<Home> home) =>
        home.FindAll("[data-testid=runs-table] tbody tr td:nth-child(2)").Select(td => td.TextContent.Trim());
}
