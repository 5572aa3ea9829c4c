using Bunit;
using HessianWeb.Server.Components.Pages;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Components.Pages;

/// <summary>
/// The home page re-queries its list only for changes the list shows (<see cref="RunNotifier.RunListChangeOf"/>), at
/// most once a <see cref="Home.RefreshInterval"/>, and once after the last change. The interval passes when the test
/// steps the clock, so what is counted is what the events caused, not what a timer happened to allow.
/// </summary>
public sealed class HomeRefreshTests : DashboardTestContext
{
    readonly ManualClock clock;

    public HomeRefreshTests() : this(new ManualClock()) { }

    HomeRefreshTests(ManualClock clock) : base(clock) => this.clock = clock;

    RunNotifier Notifier => Services.GetRequiredService<RunNotifier>();

    [Fact]
    public async Task A_burst_of_epochs_re_queries_nothing_and_a_burst_of_status_changes_re_queries_once()
    {
        var run = await CreateRunAsync("training");
        await AppendAsync(run.Id, Status(RunStatus.Running, RunPhase.Training));
        var home = Render<Home>();
        home.WaitForAssertion(() => Assert.Contains("running: training", Row(home)), Patience);
        var loaded = ListQueries.Count;
        var published = Notifier.RunListChanges;

        // A hundred epochs within the notifier's epoch interval: nothing reaches the page, so no interval's end re-queries.
        for (var burst = 0; burst < 10; burst++)
            await AppendAsync(run.Id, Enumerable.Range(burst * 10 + 1, 10).Select(epoch => Epoch(epoch, 1.0 / epoch, 0.5)).ToArray());
        Assert.Equal(published, Notifier.RunListChanges);
        clock.Advance(Home.RefreshInterval);
        Assert.Equal(loaded, ListQueries.Count);

        // Two status changes in a row: one re-query at the interval's end shows the last.
        await AppendAsync(run.Id, Status(RunStatus.Running, RunPhase.Analysing));
        await AppendAsync(run.Id, Status(RunStatus.Completed));
        await clock.TimerSetAsync().WaitAsync(Patience);
        clock.Advance(Home.RefreshInterval);
        home.WaitForAssertion(() => Assert.Contains("completed", Row(home)), Patience);
        Assert.Equal(loaded + 1, ListQueries.Count);
    }

    static string Row(IRenderedComponent<Home> home) => home.Find("[data-testid=runs-table] tbody tr").TextContent;
}
