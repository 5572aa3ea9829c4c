using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Hosting;

/// <summary>
/// One quickstart run trained to the end by the real worker process, shared by the tests of a class
/// (training it once per test would only repeat the same minute).
/// </summary>
public sealed class CompletedQuickstart : IAsyncLifetime
{
    public RunningServer Server { get; } = new();
    public RunSummary Run { get; private set; } = default!;
    public Guid Id => Run.Id;

    public async Task InitializeAsync()
    {
        await Server.WaitForWorkerAsync();
        var id = await Server.PostRunAsync(new ExperimentSpec());
        Run = await Server.WaitForEndAsync(id, TimeSpan.FromMinutes(5));
        Assert.True(Run.Status == RunStatus.Completed, Run.Error);
    }

    public Task DisposeAsync()
    {
        Server.Dispose();
        return Task.CompletedTask;
    }
}
