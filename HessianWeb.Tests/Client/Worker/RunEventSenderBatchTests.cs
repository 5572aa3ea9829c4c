using HessianWeb.Shared;
using System.Text.Json;
using HessianWeb.Client.Worker;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Worker;

/// <summary>A backlog of large events leaves the worker in messages the hub takes (<see cref="ComputeHubRoute.MaxMessageBytes"/>).</summary>
public class RunEventSenderBatchTests
{
    sealed class BatchRecordingHub : IComputeHub
    {
        public List<RunEventBatch> Batches { get; } = [];
        public Task Register(WorkerRegistration registration) => Task.CompletedTask;
        public Task ReportEvents(RunEventBatch batch)
        {
            lock (Batches) Batches.Add(batch);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Lanczos_iterations_at_ten_thousand_steps_go_in_several_messages_each_within_the_hubs_limit()
    {
        var hub = new BatchRecordingHub();
        var sender = new RunEventSender(hub, _ => Task.CompletedTask);
        var runId = Guid.NewGuid();
        var random = new Random(1);
        double[] Values() => Enumerable.Range(0, 10_000).Select(_ => -random.NextDouble() * 1e-300).ToArray(); // the longest numbers JSON writes
        for (var i = 0; i < 12; i++)
            sender.Enqueue(new RunEvent
            {
                RunId = runId, Sequence = i + 1, Kind = RunEventKind.Lanczos,
                Lanczos = new LanczosIteration("end", 10_000 - 12 + i, Values(), Values(), 10_000),
            });

        using var stop = new CancellationTokenSource();
        var sending = sender.RunAsync(stop.Token);
        await sender.Drained.WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sending);

        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), hub.Batches.SelectMany(b => b.Events).Select(e => e.Sequence));
        Assert.True(hub.Batches.Count > 1);
        foreach (var batch in hub.Batches)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(batch, JsonFormat.Options);
            Assert.True(json.Length <= ComputeHubRoute.MaxMessageBytes, $"{batch.Events.Count} events: {json.Length} bytes");
        }
    }
}
