using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Runs.Listing;

/// <summary>
/// Keeps the runs list's columns on <see cref="RunRecord"/> current as a run's results are stored: the latest
/// epoch's losses and accuracies, and the Hessian's outlier count and trace at checkpoint "end".
/// </summary>
public static class RunListColumns
{
    public static void Apply(RunRecord run, RunEvent e)
    {
        switch (e.Kind)
        {
            case RunEventKind.Epoch when e.Epoch is { } epoch:
                run.FinalTrainLoss = Finite(epoch.TrainLoss);
                run.FinalTrainAccuracy = Finite(epoch.TrainAccuracy);
                // Epochs between the test schedule's (training.testEvery) carry no test metrics: the last measured stands.
                if (epoch.TestAccuracy is { } test) run.FinalTestAccuracy = Finite(test);
                break;
            case RunEventKind.Outliers when e.Outliers is { Checkpoint: Checkpoints.End, Operator: CurvatureOperators.Hessian } outliers:
                // "No clear gap" is no number: the column shows — and sorts it with the runs not yet counted.
                run.EndOutlierCount = outliers.ClearCount;
                break;
            case RunEventKind.Trace when e.Trace is { Checkpoint: Checkpoints.End, Operator: CurvatureOperators.Hessian } trace
                                         && Rank(trace.Method) >= Rank(run.EndTraceMethod):
                run.EndTrace = Finite(trace.Value);
                run.EndTraceMethod = trace.Method;
                break;
        }
    }

    /// <summary>The exact trace beats Hutch++, which beats plain Hutchinson (smaller variance for the same products).</summary>
    static int Rank(string? method) => method switch
    {
        null => -1,
        TraceMethods.Exact => 2,
        TraceMethods.HutchPlusPlus => 1,
        _ => 0,
    };

    // A diverged run reports NaN or ∞; SQL sorts neither sensibly, and the list shows "—" for them.
    static double? Finite(double value) => double.IsFinite(value) ? value : null;
}
