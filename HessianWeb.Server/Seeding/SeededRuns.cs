using HessianWeb.Shared;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Seeding;

/// <summary>
/// Plausible finished runs for trying the runs list at scale: a few model shapes, class counts and learning
/// rates; losses that fall like ln k · e^(−t/τ); k − 1 Hessian outliers above a bulk near zero (Sagun et al.);
/// some failed, diverged or cancelled. Each run's summary is built by the store's own <see cref="RunStore.Apply"/>
/// from its events, as if a worker had reported them. Seeded: the same seed gives the same runs.
/// </summary>
public sealed class SeededRuns(int seed)
{
    readonly Random random = new(seed);
    static readonly (string Name, int[] Widths)[] Shapes = [("quickstart", [10, 5]), ("wide", [200, 100]), ("deep", [10, 10, 10, 5]), ("linear", []), ("narrow", [4])];
    static readonly double[] LearningRates = [0.01, 0.05, 0.1, 0.2, 0.5];
    static readonly int[] ClassCounts = [2, 4, 4, 10];
    static readonly string[] TagChoices = ["paper", "baseline", "fig-2", "fig-3", "lr-sweep", "ablation", "overnight"];
    const int EpochEvents = 10;

    public (RunRecord Run, IReadOnlyList<RunEvent> Events) Next(int index, DateTime now)
    {
        var (shape, widths) = Shapes[random.Next(Shapes.Length)];
        var k = ClassCounts[random.Next(ClassCounts.Length)];
        var lr = LearningRates[random.Next(LearningRates.Length)];
        var activation = random.NextDouble() < 0.7 ? Activation.Relu : Activation.Tanh;
        var spec = new ExperimentSpec
        {
            Name = $"{shape} {activation.ToString().ToLowerInvariant()} k={k} lr={lr} #{index}",
            Data = new DataSpec { Classes = k, Seed = index % 5 },
            Model = new ModelSpec { HiddenWidths = widths, Activation = activation, Seed = index % 3 },
            Training = new TrainingSpec { LearningRate = lr, Epochs = 2000 },
        };
        var id = Guid.CreateVersion7();
        var created = now - TimeSpan.FromMinutes(random.NextDouble() * 180 * 24 * 60);
        var parameters = SpecLimits.ParameterCount(spec);
        var run = new RunRecord { Id = id, Name = spec.Name, SpecJson = JsonFormat.Serialize(spec), CreatedAt = created, ParameterCount = parameters };
        var tags = TagChoices.Where(_ => random.NextDouble() < 0.12).ToList();
        run.Tags = Runs.Listing.RunTags.Encode(tags);
        run.Archived = random.NextDouble() < 0.05;

        var ending = random.NextDouble() switch
        {
            < 0.82 => RunStatus.Completed,
            < 0.90 => RunStatus.Failed,
            < 0.95 => RunStatus.Diverged,
            _ => RunStatus.Cancelled,
        };
        var events = new List<RunEvent>();
        var time = created;
        void Add(RunEventKind kind, Func<RunEvent, RunEvent> payload)
        {
            time += TimeSpan.FromSeconds(0.5 + random.NextDouble() * 5);
            events.Add(payload(new RunEvent { RunId = id, Sequence = events.Count + 1, Kind = kind, Timestamp = time }));
        }
        Add(RunEventKind.Status, e => e with { Status = new StatusChange(RunStatus.Queued) });
        Add(RunEventKind.Status, e => e with { Status = new StatusChange(RunStatus.Running, RunPhase.Training, ParameterCount: parameters) });

        var epochs = ending == RunStatus.Completed ? 200 + random.Next(1800) : 20 + random.Next(500);
        var tau = epochs / (2 + 3 * random.NextDouble());
        var floor = 0.002 + 0.05 * random.NextDouble();
        for (var j = 1; j <= EpochEvents; j++)
        {
            var epoch = epochs * j / EpochEvents;
            var loss = ending == RunStatus.Diverged && j == EpochEvents ? double.NaN : Math.Log(k) * Math.Exp(-epoch / tau) + floor;
            var accuracy = Math.Clamp(1 - loss / Math.Log(k) * (1 - 1.0 / k), 0, 1);
            var test = Math.Clamp(accuracy - 0.02 - 0.05 * random.NextDouble(), 0, 1);
            Add(RunEventKind.Epoch, e => e with { Epoch = new EpochMetrics(epoch, loss, accuracy, loss * 1.1, test, loss / 10) });
        }

        if (ending == RunStatus.Completed)
        {
            var top = (0.5 + random.NextDouble()) / lr;
            var outliers = Enumerable.Range(0, k - 1).Select(i => top * Math.Pow(0.6, i)).ToArray();
            var bulk = Enumerable.Range(0, Math.Max(0, 10 - outliers.Length)).Select(i => 0.01 * top * Math.Pow(0.5, i)).ToArray();
            var eigenvalues = outliers.Concat(bulk).Take(10).ToArray();
            var bottom = Enumerable.Range(0, 5).Select(i => -1e-3 * top * Math.Pow(0.3, i)).ToArray();
            Add(RunEventKind.Status, e => e with { Status = new StatusChange(RunStatus.Running, RunPhase.Analysing) });
            Add(RunEventKind.Spectrum, e => e with
            {
                Spectrum = new SpectrumResult(Checkpoints.End, SpectrumMethods.Lanczos, eigenvalues,
                    eigenvalues.Select(_ => 1e-8).ToArray(), eigenvalues.Select(_ => true).ToArray(), 60, 60,
                    BottomEigenvalues: bottom, BottomResidualBounds: bottom.Select(_ => 1e-7).ToArray(), BottomConverged: bottom.Select(_ => true).ToArray()),
            });
            Add(RunEventKind.Outliers, e => e with
            {
                Outliers = new OutlierResult(Checkpoints.End, CurvatureOperators.Hessian, k - 1, 0.02 * top, k, 5 + 20 * random.NextDouble(),
                    "largest gap in log λ", SpectrumMethods.Lanczos, true),
            });
            var trace = outliers.Sum() + 0.001 * top * parameters;
            Add(RunEventKind.Trace, e => e with { Trace = new TraceResult(Checkpoints.End, CurvatureOperators.Hessian, TraceMethods.Hutchinson, trace, 0.05 * trace, 30) });
        }
        var error = ending switch
        {
            RunStatus.Failed => $"Lost worker 'local' (pid {1000 + random.Next(30000)}, cpu): the worker process exited with code 134 during the run.",
            RunStatus.Diverged => $"The training loss became NaN at epoch {epochs}.",
            RunStatus.Cancelled => "Cancelled by the user.",
            _ => null,
        };
        Add(RunEventKind.Status, e => e with { Status = new StatusChange(ending, Error: error) });

        foreach (var e in events) RunStore.Apply(run, e);
        // Apply stamps the wall clock; a seeded run keeps the times its events carry.
        run.StartedAt = events[1].Timestamp.UtcDateTime;
        run.EndedAt = events[^1].Timestamp.UtcDateTime;
        run.WorkerName = "local";
        return (run, events);
    }
}
