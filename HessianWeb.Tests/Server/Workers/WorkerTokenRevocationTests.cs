using HessianWeb.Server.Access.Tokens;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Workers;

/// <summary>
/// A worker token made on the workers page (stored hashed) connects a remote host; once revoked, the connection made
/// with it is refused at its next call (its run fails with the reason, and nothing more of it is stored), and a new
/// connection is refused at once.
/// </summary>
public sealed class WorkerTokenRevocationTests : IDisposable
{
    readonly RunningServer server = new(startLocalWorker: false);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_revoked_token_stops_its_worker_at_the_next_batch_and_cannot_connect_again()
    {
        var store = server.Services.GetRequiredService<WorkerTokenStore>();
        var (record, token) = await store.CreateAsync("gpu-1", "admin");
        Assert.StartsWith("hww_", token);
        Assert.NotEqual(token, record.Hash);

        await using var worker = await FakeWorker.ConnectAsync(server, Guid.NewGuid(), token: token);
        var id = await server.PostRunAsync(new ExperimentSpec());
        var assignment = await worker.NextRunAsync();
        Assert.Equal(record.Id.ToString(), server.Workers.All.Single().TokenId);
        await worker.ReportAsync(Running(id, assignment.NextSequence));
        Assert.Equal(assignment.NextSequence, (await server.Results.GetAsync(id))!.LastSequence);

        Assert.True(await store.RevokeAsync(record.Id, "admin"));
        var refused = await Assert.ThrowsAsync<HubException>(() => worker.ReportAsync(Analysing(id, assignment.NextSequence + 1)));
        Assert.Contains("token was revoked", refused.Message);
        Assert.Equal(id, (await worker.NextCancellationAsync()).RunId);
        var failed = (await server.Results.GetAsync(id))!;
        Assert.Equal(RunStatus.Failed, failed.Status);
        Assert.Contains("its token was revoked on the workers page", failed.Error);
        Assert.DoesNotContain(await server.Results.GetEventsAsync(id), e => e.Status?.Phase == RunPhase.Analysing);
        Assert.Empty(server.Workers.All);

        var again = await Assert.ThrowsAnyAsync<Exception>(() => FakeWorker.ConnectAsync(server, Guid.NewGuid(), token: token));
        Assert.Contains("401", again.Message);
    }

    static RunEvent Running(Guid runId, long sequence) =>
        new() { RunId = runId, Sequence = sequence, Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training) };

    static RunEvent Analysing(Guid runId, long sequence) =>
        new() { RunId = runId, Sequence = sequence, Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Analysing) };
}
