using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Workers;

/// <summary>After a restart, runs that were only given to a worker (not started) are not failed: they go back to the queue.</summary>
public sealed class InterruptedRunsTests
{
    [Fact]
    public async Task A_run_given_to_a_worker_that_does_not_come_back_after_a_restart_is_queued_again_and_given_to_the_next_worker()
    {
        var dataDirectory = Directory.CreateTempSubdirectory("hessianweb-restart-").FullName;
        try
        {
            Guid id;
            using (var before = new RunningServer(startLocalWorker: false, dataDirectory))
            {
                await using var worker = await FakeWorker.ConnectAsync(before, Guid.NewGuid());
                id = await before.PostRunAsync(new ExperimentSpec());
                Assert.Equal(id, (await worker.NextRunAsync()).RunId);
                Assert.Equal(FakeWorker.Name, (await before.Results.GetAsync(id))!.Worker);
            }

            using var after = new RunningServer(startLocalWorker: false, dataDirectory,
                new Dictionary<string, string> { ["Workers:ReconnectGrace"] = "00:00:01" });
            // Put back in the queue is a change of the run list, not an event of the run: wait for those.
            var changed = new SemaphoreSlim(0);
            using var subscription = after.Notifier.SubscribeToRunList(() => { changed.Release(); return Task.CompletedTask; });
            while ((await after.Results.GetAsync(id))!.Worker is not null)
                Assert.True(await changed.WaitAsync(TimeSpan.FromSeconds(60)), "The run was not put back in the queue.");
            var requeued = (await after.Results.GetAsync(id))!;
            Assert.Equal(RunStatus.Queued, requeued.Status);
            Assert.Null(requeued.Error);

            await using var next = await FakeWorker.ConnectAsync(after, Guid.NewGuid());
            Assert.Equal(id, (await next.NextRunAsync()).RunId);
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }
}
