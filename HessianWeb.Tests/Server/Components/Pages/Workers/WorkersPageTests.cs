using Bunit;
using HessianWeb.Server.Components.Pages.Workers;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Components.Pages.Workers;

public sealed class WorkersPageTests : DashboardTestContext
{
    [Fact]
    public async Task Shows_each_worker_with_its_memory_and_current_run()
    {
        var run = await CreateRunAsync("on the gpu");
        var worker = Worker("gpu-1", run.Id) with { MemoryBytes = 3L << 30 };
        Registry.Add(worker);

        var page = Render<WorkersPage>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find("[data-testid=worker-row]");
            Assert.Contains("gpu-1", row.TextContent);
            Assert.Contains(worker.WorkerId.ToString()[..8], row.TextContent);
            Assert.Contains("3.0 GiB", row.TextContent);
            Assert.Contains("on the gpu", row.TextContent);
        }, Patience);
    }

    [Fact]
    public async Task Moving_a_run_up_the_queue_changes_which_run_a_worker_gets_next()
    {
        var first = await CreateRunAsync("first");
        await CreateRunAsync("second");
        var third = await CreateRunAsync("third");
        var page = Render<WorkersPage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=queue-row]").Count), Patience);

        page.FindAll("[data-testid=queue-up]")[2].Click();
        page.WaitForAssertion(() => Assert.Equal(third.Id.ToString(), page.FindAll("[data-testid=queue-row]")[1].GetAttribute("data-run-id")), Patience);
        page.FindAll("[data-testid=queue-up]")[1].Click();

        page.WaitForAssertion(() => Assert.Equal(
            ["third", "first", "second"], page.FindAll("[data-testid=queue-row] td:nth-child(2)").Select(td => td.TextContent.Trim())), Patience);
        Assert.Equal(third.Id, (await Queue.NextUnassignedAsync())!.Id);
        // A run created afterwards waits behind the ones placed by hand.
        await CreateRunAsync("fourth");
        Assert.Equal(["third", "first", "second", "fourth"], (await Queue.GetQueueAsync()).Select(r => r.Name));
        Assert.NotEqual(first.Id, (await Queue.NextUnassignedAsync())!.Id);
    }

    [Fact]
    public async Task Cancelling_from_the_queue_ends_the_run_and_recent_failures_give_their_reasons()
    {
        var waiting = await CreateRunAsync("waiting");
        var broken = await CreateRunAsync("broken");
        await AppendAsync(broken.Id, Status(RunStatus.Running, RunPhase.Training), Status(RunStatus.Failed, error: "Lost worker 'local': exit code 134"));
        var page = Render<WorkersPage>();
        page.WaitForAssertion(() => Assert.Contains("exit code 134", page.Find("[data-testid=failure-row]").TextContent), Patience);

        page.Find("[data-testid=queue-cancel]").Click();

        page.WaitForAssertion(() => page.Find("[data-testid=queue-empty]"), Patience);
        Assert.Equal(RunStatus.Cancelled, (await Results.GetAsync(waiting.Id))!.Status);
    }
}
