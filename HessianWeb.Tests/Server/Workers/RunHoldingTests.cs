using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using HessianWeb.Server.Workers;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Workers;

/// <summary>
/// A worker writes only the runs it holds (<see cref="RunHolding"/>): two remote hosts with tokens of their own, real
/// hub connections and real HTTP.
/// </summary>
public sealed class RunHoldingTests : IDisposable
{
    const string FirstToken = "first-host-token";
    const string SecondToken = "second-host-token";

    readonly RunningServer server = new(startLocalWorker: false, settings: new Dictionary<string, string>
    {
        ["Workers:Tokens:0"] = FirstToken,
        ["Workers:Tokens:1"] = SecondToken,
    });

    public void Dispose() => server.Dispose();

    static RunEvent Running(Guid runId, long sequence) =>
        new() { RunId = runId, Sequence = sequence, Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training) };

    HttpClient WorkerHttp(string token) => new()
    {
        BaseAddress = server.BaseAddress,
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    [Fact]
    public void Each_token_is_known_by_an_id_that_is_not_the_token()
    {
        Assert.Equal("local", server.Tokens.Identify(server.Tokens.LocalToken));
        Assert.Equal("config-0", server.Tokens.Identify(FirstToken));
        Assert.Equal("config-1", server.Tokens.Identify(SecondToken));
        Assert.Null(server.Tokens.Identify("not-a-token"));
        Assert.Null(server.Tokens.Identify(""));
    }

    [Fact]
    public async Task Events_of_a_run_assigned_to_another_worker_or_to_none_are_refused_and_not_stored_and_its_own_are()
    {
        await using var first = await FakeWorker.ConnectAsync(server, Guid.NewGuid(), token: FirstToken);
        var id = await server.PostRunAsync(new ExperimentSpec());
        var assignment = await first.NextRunAsync();
        // Made while the only worker is busy: once it is running, no idle worker is given it (the scheduler pumps on every
        // change to the runs list, so a run fabricated beside an idle worker would be handed to it while still queued).
        var unheld = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false, withArtifacts: false);
        var unheldBefore = (await server.Results.GetAsync(unheld.Id))!.LastSequence;
        await using var second = await FakeWorker.ConnectAsync(server, Guid.NewGuid(), token: SecondToken);
        Assert.Equal(["config-0", "config-1"], server.Workers.All.Select(w => w.TokenId));

        var others = await Assert.ThrowsAsync<HubException>(() => second.ReportAsync(Running(id, assignment.NextSequence)));
        var nobodys = await Assert.ThrowsAsync<HubException>(() => second.ReportAsync(Running(unheld.Id, unheldBefore + 1)));

        Assert.Contains($"Run {id} is not assigned to this worker", others.Message);
        Assert.Contains($"Run {unheld.Id} is not assigned to this worker", nobodys.Message);
        Assert.Equal(assignment.NextSequence - 1, (await server.Results.GetAsync(id))!.LastSequence);
        Assert.Equal(unheldBefore, (await server.Results.GetAsync(unheld.Id))!.LastSequence);

        // The holder's own events are stored.
        await first.ReportAsync(Running(id, assignment.NextSequence));
        var run = (await server.Results.GetAsync(id))!;
        Assert.Equal((assignment.NextSequence, RunStatus.Running), (run.LastSequence, run.Status));
    }

    [Fact]
    public async Task A_worker_still_reporting_its_run_that_the_server_ended_is_told_to_cancel_it_not_refused()
    {
        await using var worker = await FakeWorker.ConnectAsync(server, Guid.NewGuid(), token: FirstToken);
        var id = await server.PostRunAsync(new ExperimentSpec());
        var assignment = await worker.NextRunAsync();
        await server.Services.GetRequiredService<RunScheduler>().FailUnstorableAsync(id, "the disk is full");

        await worker.ReportAsync(Running(id, assignment.NextSequence));

        Assert.Equal(id, (await worker.NextCancellationAsync()).RunId);
        Assert.Equal(RunStatus.Failed, (await server.Results.GetAsync(id))!.Status);
    }

    [Fact]
    public async Task A_worker_that_gives_the_id_of_a_worker_of_another_token_neither_claims_its_run_nor_pushes_it_out()
    {
        var workerId = Guid.NewGuid();
        await using var first = await FakeWorker.ConnectAsync(server, workerId, token: FirstToken);
        var id = await server.PostRunAsync(new ExperimentSpec());
        var assignment = await first.NextRunAsync();

        await using var impostor = await FakeWorker.ConnectAsync(server, workerId, claimedRun: id, token: SecondToken);

        Assert.Equal(id, (await impostor.NextCancellationAsync()).RunId);
        Assert.Equal(first.ConnectionId, server.Workers.FindByRun(id)!.ConnectionId);
        await first.ReportAsync(Running(id, assignment.NextSequence));
        Assert.Equal(assignment.NextSequence, (await server.Results.GetAsync(id))!.LastSequence);
    }

    [Fact]
    public async Task Uploads_for_a_run_held_by_a_worker_of_another_token_get_403_and_one_nobody_holds_409()
    {
        await using var first = await FakeWorker.ConnectAsync(server, Guid.NewGuid(), token: FirstToken);
        var id = await server.PostRunAsync(new ExperimentSpec());
        var sequence = (await first.NextRunAsync()).NextSequence;
        var unheld = await FabricatedRun.CreateAsync(server.Store, server.Results, complete: false, withArtifacts: false);
        using var stranger = WorkerHttp(SecondToken);

        var refused = new[]
        {
            await stranger.GetAsync(ArtifactRoutes.Upload(id, sequence)),
            await stranger.PutAsync($"{ArtifactRoutes.Upload(id, sequence)}?offset=0&length=8", new ByteArrayContent(new byte[8])),
            await stranger.PostAsync(ArtifactRoutes.Complete(id, sequence), JsonContent.Create(new UploadCompletion(new string('0', 64), 8))),
        };

        Assert.All(refused, r => Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode));
        Assert.Contains("is not assigned to a worker connected with this worker's token", await refused[1].Content.ReadAsStringAsync());
        Assert.False(File.Exists(server.Artifacts.UploadPath(id, sequence)));

        using var holder = WorkerHttp(FirstToken);
        var taken = await holder.PutAsync($"{ArtifactRoutes.Upload(id, sequence)}?offset=0&length=8", new ByteArrayContent(new byte[8]));
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        var nobodys = await holder.PutAsync($"{ArtifactRoutes.Upload(unheld.Id, 99)}?offset=0&length=8", new ByteArrayContent(new byte[8]));
        Assert.Equal(HttpStatusCode.Conflict, nobodys.StatusCode);
        Assert.Contains("no worker holds run", await nobodys.Content.ReadAsStringAsync());
    }
}
