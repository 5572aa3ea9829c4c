using Bunit;
using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Server.Runs.Analyses;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HessianWeb.Tests.Server.Components.Pages.Runs;

public sealed class NewAnalysisTests : DashboardTestContext
{
    [Fact]
    public async Task The_end_checkpoint_is_analysed_again_with_the_decomposition_by_default()
    {
        var run = await CreateRunAsync();
        await AppendAsync(run.Id,
            Status(RunStatus.Running, RunPhase.Training, parameterCount: 109),
            Weights(Checkpoints.Init),
            Weights(Checkpoints.End),
            Status(RunStatus.Completed));

        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));
        view.WaitForAssertion(() => view.Find("[data-testid=new-analysis-submit]"), Patience);
        await view.Find("[data-testid=new-analysis-submit]").ClickAsync(new());

        view.WaitForAssertion(() => Assert.Contains("Queued end·", view.Find("[data-testid=new-analysis-result]").TextContent), Patience);
        var analysis = Assert.Single(await Services.GetRequiredService<RunAnalyses>().ListAsync(run.Id));
        Assert.Equal(Checkpoints.End, analysis.Checkpoint);
        Assert.True(analysis.Analysis.Decomposition);
    }

    [Fact]
    public async Task Is_offered_only_once_training_has_finished_and_says_why_a_request_is_refused()
    {
        var run = await CreateRunAsync();
        await AppendAsync(run.Id, Status(RunStatus.Running, RunPhase.Training, parameterCount: 109), Weights(Checkpoints.Init));
        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));
        view.WaitForAssertion(() => Assert.Equal("running: training", view.Find("[data-testid=run-status]").TextContent.Trim()), Patience);
        Assert.Empty(view.FindAll("[data-testid=new-analysis]"));

        // The end's weights are in but the run is still analysing it: the service refuses, and the page says why.
        await AppendAsync(run.Id, Status(RunStatus.Running, RunPhase.Analysing), Weights(Checkpoints.End));
        view.WaitForAssertion(() => view.Find("[data-testid=new-analysis-submit]"), Patience);
        await view.Find("[data-testid=new-analysis-submit]").ClickAsync(new());

        view.WaitForAssertion(() => Assert.Contains("Only a completed run", view.Find("[data-testid=new-analysis-result]").TextContent), Patience);
        Assert.Empty(await Services.GetRequiredService<RunAnalyses>().ListAsync(run.Id));
    }

    [Fact]
    public async Task A_run_that_saved_no_weights_offers_no_new_analysis()
    {
        var run = await CreateRunAsync();
        await AppendAsync(run.Id, Status(RunStatus.Completed));

        var view = Render<RunView>(p => p.Add(v => v.RunId, run.Id));

        view.WaitForAssertion(() => Assert.Equal("completed", view.Find("[data-testid=run-status]").TextContent.Trim()), Patience);
        Assert.Empty(view.FindAll("[data-testid=new-analysis]"));
        Assert.Equal($"/api/runs/{run.Id}/export", view.Find("[data-testid=export-run]").GetAttribute("href"));
        Assert.True(view.Find("[data-testid=export-run]").HasAttribute("download"));
    }
}
