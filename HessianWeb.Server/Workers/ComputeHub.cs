using HessianWeb.Server.Runs;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace HessianWeb.Server.Workers;

/// <summary>The hub compute workers connect to. Browsers never connect here.</summary>
[Authorize(AuthenticationSchemes = WorkerTokenAuthentication.SchemeName)]
public sealed class ComputeHub(
    WorkerRegistry registry, RunScheduler scheduler, RunStore store, RunNotifier notifier,
    IOptions<WorkerOptions> options, ILogger<ComputeHub> logger)
    : Hub<IComputeWorker>, IComputeHub
{
    public async Task Register(WorkerRegistration registration)
    {
        Guid? current = null;
        if (registration.CurrentRunId is { } runId)
        {
            // A worker back after a network blip keeps its run if the run is still live.
            var run = await store.GetAsync(runId);
            if (run is not null && !run.Status.IsTerminal()) current = runId;
            else await Clients.Caller.CancelRun(new RunCancellation(runId));
        }
        registry.Add(new ConnectedWorker(
            Context.ConnectionId, registration.Name, registration.Device, registration.Threads,
            registration.ProcessId, registration.Version, DateTime.UtcNow, current) { MemoryBytes = registration.MemoryBytes });
        logger.LogInformation("Worker {Name} (pid {Pid}, {Device}, {Threads} threads) registered",
            registration.Name, registration.ProcessId, registration.Device, registration.Threads);
        notifier.PublishRunListChanged();
        await scheduler.PumpAsync();
    }

    public async Task ReportEvents(RunEventBatch batch)
    {
        var stored = await store.AppendAsync(batch.Events);
        await scheduler.OnEventsStoredAsync(stored);
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var worker = registry.Find(Context.ConnectionId);
        if (worker is null) return;
        registry.Remove(Context.ConnectionId);
        notifier.PublishRunListChanged();
        if (worker.CurrentRunId is null) return;

        // Give a worker with automatic reconnect a moment to come back and claim its run.
        var grace = options.Value.ReconnectGrace;
        _ = Task.Run(async () =>
        {
            await Task.Delay(grace);
            if (registry.FindByRun(worker.CurrentRunId.Value) is null)
                await scheduler.WorkerLostAsync(worker, $"its connection closed ({exception?.Message ?? "no reason given"}) and it did not come back within {grace.TotalSeconds:0} s.");
            // Without this, every remote worker that ever dropped mid-run would stay in the registry's memory.
            registry.Forget(worker);
        });
    }
}
