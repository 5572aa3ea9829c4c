using HessianWeb.Server.Components.Pages.Runs;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Components;

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

    static RunEvent Event(long sequence, RunEventKind kind, Func<RunEvent, RunEvent> payload) =>
        payload(new RunEvent { RunId = Run, Sequence = sequence, Kind = kind });
}
