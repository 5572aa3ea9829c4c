using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Runs;

public sealed class RunProgressTests
{
    static readonly Guid Run = Guid.NewGuid();

    [Fact]
    public void An_event_seen_both_stored_and_live_applies_once()
    {
        var progress = new RunProgress();
        var events = new[]
        {
            Event(1, RunEventKind.Status, e => e with { Status = new(RunStatus.Queued) }),
            Event(2, RunEventKind.Status, e => e with { Status = new(RunStatus.Running, RunPhase.Training, ParameterCount: 109) }),
            Event(3, RunEventKind.Epoch, e => e with { Epoch = new(1, 1.0, 0.5, null, null, 0.1) }),
            Event(4, RunEventKind.Lanczos, e => e with { Lanczos = new(Checkpoints.End, 1, [2.0], [0.1], 1) }),
        };

        foreach (var e in events) Assert.True(progress.Apply(e));
        // The page subscribed before loading: the same events come again from the notifier.
        foreach (var e in events) Assert.False(progress.Apply(e));

        Assert.Single(progress.Epochs);
        Assert.Single(Assert.Single(progress.Lanczos).Iterations);
        Assert.Equal(4, progress.LastSequence);
        Assert.Equal(RunStatus.Running, progress.Status);
        Assert.Equal(RunPhase.Training, progress.Phase);
        Assert.Equal(109, progress.ParameterCount);
    }

    [Fact]
    public void Lanczos_iterations_are_kept_per_checkpoint_in_the_order_they_began()
    {
        var progress = new RunProgress();
        progress.Apply(Event(1, RunEventKind.Lanczos, e => e with { Lanczos = new(Checkpoints.Init, 1, [1.0], [0.1], 1) }));
        progress.Apply(Event(2, RunEventKind.Lanczos, e => e with { Lanczos = new(Checkpoints.End, 1, [3.0], [0.1], 1) }));
        progress.Apply(Event(3, RunEventKind.Lanczos, e => e with { Lanczos = new(Checkpoints.End, 2, [3.5, 0.5], [0.01, 0.2], 2) }));

        Assert.Equal([Checkpoints.Init, Checkpoints.End], progress.Lanczos.Select(t => t.Checkpoint));
        Assert.Equal(2, progress.Lanczos[1].Latest.Iteration);
    }

    [Fact]
    public void Analysis_results_gather_per_checkpoint_in_training_order()
    {
        var progress = new RunProgress();
        var events = new[]
        {
            Event(1, RunEventKind.Artifact, e => e with { Artifact = new(Checkpoints.Init, ArtifactKinds.Weights, [], "init.safetensors") }),
            Event(2, RunEventKind.Outliers, e => e with { Outliers = new(Checkpoints.Init, CurvatureOperators.Hessian, 3, 0.1, 4, 9, "gap", "exact", false) }),
            Event(3, RunEventKind.Lanczos, e => e with { Lanczos = new("epoch-10", 1, [1.0], [0.1], 1) }),
            Event(4, RunEventKind.Lanczos, e => e with { Lanczos = new("epoch-10", 1, [0.5], [0.1], 1, CurvatureOperators.GaussNewton) }),
            Event(5, RunEventKind.Trace, e => e with { Trace = new(Checkpoints.End, CurvatureOperators.Hessian, TraceMethods.Hutchinson, 10, 1, 30) }),
            Event(6, RunEventKind.Artifact, e => e with { Artifact = new(Checkpoints.End, ArtifactKinds.Data, [], "data.safetensors") }),
            Event(7, RunEventKind.Artifact, e => e with { Artifact = new(Checkpoints.End, ArtifactKinds.Weights, [], "end.safetensors") }),
            Event(8, RunEventKind.Density, e => e with { Density = new("end·2", CurvatureOperators.Hessian, [0, 1], [0.5, 0.5], [], 0.1, 1, 2, "rademacher", 2) }),
            Event(9, RunEventKind.Artifact, e => e with { Artifact = new("epoch-10", ArtifactKinds.Weights, [], File: null) }),
            Event(10, RunEventKind.Spectrum, e => e with { Spectrum = new("epoch-10", SpectrumMethods.Lanczos, [1.0]) }),
        };

        foreach (var e in events) progress.Apply(e);

        Assert.Equal([Checkpoints.Init, "epoch-10", Checkpoints.End, "end·2"], progress.AnalysedCheckpoints);
        Assert.Equal([Checkpoints.Init, Checkpoints.End], progress.WeightCheckpoints);
        Assert.Equal([CurvatureOperators.Hessian, CurvatureOperators.GaussNewton], progress.Lanczos.Select(t => t.Operator));
        Assert.Single(progress.Outliers);
        Assert.Single(progress.Traces);
        Assert.Single(progress.Densities);
        Assert.Equal(4, progress.AnalysisRevision);
    }

    static RunEvent Event(long sequence, RunEventKind kind, Func<RunEvent, RunEvent> payload) =>
        payload(new RunEvent { RunId = Run, Sequence = sequence, Kind = kind });
}
