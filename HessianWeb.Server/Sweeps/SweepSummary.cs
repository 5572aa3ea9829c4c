using HessianWeb.Server.Runs.ClassStructure;
using System.Text.Json.Nodes;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Sweeps;

/// <summary>What <c>GET /api/sweeps/{id}</c> returns and the sweep page shows: the sweep, and each run with its results at "end".</summary>
public sealed record SweepSummary(
    Guid Id,
    string Name,
    string? Preset,
    DateTime CreatedAt,
    IReadOnlyList<SweepAxis> Axes,
    IReadOnlyDictionary<RunStatus, int> Counts,
    IReadOnlyList<SweepRun> Runs)
{
    /// <summary>Every run has ended (completed or not).</summary>
    public bool Finished => Runs.All(r => r.Status.IsTerminal());

    /// <summary>The 2/η every run with one shares (<see cref="TrainingEnd.StabilityLimit"/>); null when none has one or they differ.</summary>
    public double? StabilityLimit =>
        Runs.Select(r => r.Training?.StabilityLimit).OfType<double>().Distinct().ToList() is [var limit] ? limit : null;

    /// <summary>Where <paramref name="run"/> sits in the grid: "classes = 3, seed = 1".</summary>
    public string PointOf(SweepRun run) => SweepPoint.Describe(Axes.Select(a => new AxisValue(a.Path, run.Axes[a.Path])));
}

/// <summary>
/// One run of a sweep. <see cref="Outliers"/>, <see cref="TopEigenvalue"/> and <see cref="TopEigenvalues"/> are the
/// Hessian's at the "end" checkpoint (exact when computed, else Lanczos), null until that analysis is stored.
/// </summary>
/// <param name="Axes">The axis values, keyed by field path.</param>
/// <param name="BulkEdge">Where the outlier count put the right edge of H's bulk.</param>
/// <param name="OutliersLowerBound">Only Lanczos's top eigenvalues were seen, so the count may be higher.</param>
/// <param name="TopEigenvalues">The largest few, descending.</param>
/// <param name="TrainLoss">The latest epoch's training loss (the final one once training ended); with
/// <paramref name="TrainAccuracy"/> it shows a run that stalled.</param>
/// <param name="Outliers">H's outlier count at the end; null when not yet counted or when there was no clear gap.</param>
/// <param name="InitOutliers">H's outlier count at initialisation, beside the count at the end (null alike).</param>
/// <param name="NoClearGap">H's spectrum at the end showed no clear gap: counted apart, never as a number.</param>
/// <param name="InitNoClearGap">The same at initialisation.</param>
/// <param name="InitPrediction">How G's class structure at initialisation predicts k − 1 of H's outliers; null until measured.</param>
/// <param name="Prediction">The same at the end.</param>
/// <param name="Training">Where training stopped: converged or not, and gradient descent's stability limit.</param>
public sealed record SweepRun(
    Guid Id,
    string Name,
    int Index,
    RunStatus Status,
    string? Error,
    JsonObject Axes,
    long? ParameterCount,
    int? Outliers,
    bool? OutliersLowerBound,
    double? BulkEdge,
    int? Classes,
    double? TopEigenvalue,
    double[]? TopEigenvalues,
    double? TrainLoss,
    double? TrainAccuracy,
    int? InitOutliers,
    bool NoClearGap = false,
    bool InitNoClearGap = false,
    ClassPrediction? InitPrediction = null,
    ClassPrediction? Prediction = null,
    TrainingEnd? Training = null);

/// <summary>One line of <c>GET /api/sweeps</c>.</summary>
public sealed record SweepListItem(Guid Id, string Name, string? Preset, DateTime CreatedAt, int RunCount, IReadOnlyDictionary<RunStatus, int> Counts);
