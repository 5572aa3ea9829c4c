using HessianWeb.Client.Landscape;
using HessianWeb.Client.Training;
using HessianWeb.Client.Worker;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

/// <summary>
/// Runs one experiment start to end on this worker, or analyses a saved checkpoint of one again. Synchronous and
/// CPU/GPU-bound: call it off the hub's threads.
/// </summary>
/// <param name="device">Where tensors live (<see cref="ComputeDevice.Choose"/>).</param>
/// <param name="threads">LibTorch's intra-op threads.</param>
public sealed class RunExecutor(Device device, int threads) : IWorkExecutor
{
    readonly (string Description, long? MemoryBytes) inspected = ComputeDevice.Inspect(device);

    public Device Device => device;
    public int Threads => threads;

    /// <summary>For the worker's registration: "cpu" or "cuda:N (name, G GiB)" (<see cref="ComputeDevice.Inspect"/>).</summary>
    public string DeviceDescription => inspected.Description;

    /// <summary>For the worker's registration: the memory its tensors may take on the device (the GPU's for CUDA).</summary>
    public long? MemoryBytes => inspected.MemoryBytes;

    /// <summary>
    /// Reports Running/Training (with the parameter count) and the data artifact; then the "init" checkpoint; every epoch
    /// while training, with an "epoch-N" checkpoint every <see cref="AnalysisSpec.EveryEpochs"/> epochs; the "end"
    /// checkpoint, the spec's interpolations (<see cref="LossInterpolation"/>), and Completed; or Diverged with the epoch in words.
    /// A run of 0 epochs (an uploaded model analysed as it came) reports epoch 0 and analyses "init" only, each of its results
    /// and artifacts reported under "end" as well (<see cref="CheckpointEcho"/>): its end is its beginning.
    /// A phased run (<see cref="TrainingSpec.Phases"/>) trains each phase from the previous one's weights with a fresh
    /// optimizer, its epochs numbered on from the previous phase's last and labelled with the phase, its checkpoints named
    /// "&lt;phase&gt;:epoch-N" and "&lt;phase&gt;:end", the last phase's end "end". A checkpoint is Running/Analysing, the weights
    /// artifact and the <see cref="CheckpointAnalysis"/>'s results; Running/Training follows one taken during training.
    /// </summary>
    /// <remarks>
    /// <para>The schedule never analyses one set of weights twice: the last epoch is "end" whether or not it is a multiple
    /// of EveryEpochs (2,000 epochs every 500 give epoch-500, epoch-1000, epoch-1500 and end), and a run that stops early
    /// at ‖∇L‖ ≤ tol ends with "end" at that epoch.</para>
    /// <para>A phase longer than <see cref="EpochRecording.MaxBuckets"/> epochs reports its epochs in buckets
    /// (<see cref="EpochBuckets"/>), so a run of any length stores a bounded number of epoch events; a bucket closes before
    /// every checkpoint and at the phase's end, so those epochs are reported exactly.</para>
    /// <para>Any exception other than those below propagates: the caller fails the run with it.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">The spec fails <see cref="SpecValidator"/> (checked again here: a bad
    /// shape reaching libtorch would abort the worker process).</exception>
    /// <exception cref="OperationCanceledException">Cancelled (checked between epochs, Lanczos and SLQ steps, trace probes
    /// and explicit-matrix columns).</exception>
    public void Execute(ExperimentSpec spec, IRunReporter reporter, CancellationToken cancellationToken) =>
        Execute(spec, LocalUploads.None, reporter, cancellationToken);

    /// <inheritdoc cref="Execute(ExperimentSpec, IRunReporter, CancellationToken)"/>
    /// <param name="uploads">The local copies of the uploaded data and model files the spec names.</param>
    public void Execute(ExperimentSpec spec, LocalUploads uploads, IRunReporter reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(reporter);
        Validate(spec, nameof(spec));
        torch.set_num_threads(Math.Max(1, threads));

        using var setup = ExperimentSetup.Build(spec, device, uploads);
        var model = setup.Model;
        var phases = TrainingPhases.Of(spec.Training);
        // 0 epochs: the weights stay as they came, so "init" is measured once and also reported as "end"; the run never trains.
        var untrained = phases is [{ Training.Epochs: 0 }];
        reporter.Status(new StatusChange(RunStatus.Running, untrained ? RunPhase.Analysing : RunPhase.Training, ParameterCount: model.ParameterCount));
        // The points the curvature is averaged over: the whole training set, or the seeded sample when
        // analysis.sample.size is set (from the objective's own batches, in the model's dtype).
        using (var data = Artifacts.Data(Checkpoints.Init, setup.Objective)) reporter.Artifact(data);

        var results = untrained ? new CheckpointEcho(reporter, Checkpoints.Init, Checkpoints.End) : reporter;
        var analysis = new CheckpointAnalysis(spec, setup.Objective, device, results);
        // The weights of the checkpoints the spec's interpolations start or end at, as they were reported (an untrained
        // run's "end" is its "init").
        var lines = spec.Analysis.Interpolations ?? [];
        var kept = new Dictionary<string, IReadOnlyList<NamedTensor>>();
        string Measured(string checkpoint) => untrained && checkpoint == Checkpoints.End ? Checkpoints.Init : checkpoint;
        void Checkpoint(string checkpoint)
        {
            reporter.Status(new StatusChange(RunStatus.Running, RunPhase.Analysing));
            using (var weights = Artifacts.Weights(checkpoint, model))
            {
                if (lines.Any(l => Measured(l.From) == checkpoint || Measured(l.To) == checkpoint)) kept[checkpoint] = weights.ToResult().Tensors;
                results.Artifact(weights);
            }
            analysis.Run(checkpoint, cancellationToken);
        }

        Checkpoint(Checkpoints.Init);
        var lastEpoch = 0;
        for (var p = 0; p < phases.Count; p++)
        {
            var (phase, training) = phases[p];
            if (!untrained) reporter.Status(new StatusChange(RunStatus.Running, RunPhase.Training));
            var stored = new EpochBuckets(EpochRecording.BucketWidth(training.Epochs), reporter.Epoch);
            var during = spec.Analysis.EveryEpochs is { } every
                ? new TrainingCheckpoints(every, epoch =>
                {
                    stored.Flush();
                    Checkpoint(Checkpoints.InPhase(phase, Checkpoints.AtEpoch(epoch)));
                    reporter.Status(new StatusChange(RunStatus.Running, RunPhase.Training));
                })
                : null;
            try
            {
                var firstEpoch = lastEpoch;
                // Every epoch trained reaches the store however training ends (the last bucket too when cancelled).
                try
                {
                    new TrainingLoop(model, setup.Train, setup.Test, training, setup.Loss).Run(metrics =>
                    {
                        lastEpoch = metrics.Epoch;
                        stored.Add(metrics);
                    }, cancellationToken, during, firstEpoch, phase);
                }
                finally { stored.Flush(); }
            }
            catch (TrainingDivergedException diverged)
            {
                var where = phase is null ? "" : $" (phase '{phase}')";
                reporter.Status(new StatusChange(RunStatus.Diverged, Error: diverged.Message + where));
                return;
            }
            if (!untrained) Checkpoint(p == phases.Count - 1 ? Checkpoints.End : Checkpoints.InPhase(phase, Checkpoints.End));
        }

        if (lines.Length > 0)
        {
            var interpolation = new LossInterpolation(setup, spec.Analysis, reporter);
            foreach (var end in lines.SelectMany(l => new[] { l.From, l.To }).Distinct())
                if (Checkpoints.UploadOf(end) is { } upload)
                    kept[end] = Artifacts.UploadedWeights(model, uploads.Of(upload, SpecFields.Analysis.Interpolations).Path);
            foreach (var line in lines) interpolation.Run(line, line.Label, kept[Measured(line.From)], kept[Measured(line.To)], cancellationToken);
        }
        reporter.Status(new StatusChange(RunStatus.Completed));
    }

    /// <summary>
    /// A new analysis of a saved checkpoint: the data and model rebuilt from the assignment's spec, its weights loaded,
    /// then Running/Analysing, the <see cref="CheckpointAnalysis"/>'s results under the assignment's label, and Completed.
    /// The weights are not reported again: they are the checkpoint's, already kept.
    /// </summary>
    /// <param name="weights">The assignment's weights, downloaded: θ_A, and for an interpolation θ_B.</param>
    /// <exception cref="ArgumentException">The spec is invalid, the label empty, or the weights do not fit the model.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public void Analyse(AnalysisAssignment assignment, AnalysisWeights weights, IRunReporter reporter, CancellationToken cancellationToken) =>
        Analyse(assignment, weights, LocalUploads.None, reporter, cancellationToken);

    /// <inheritdoc cref="Analyse(AnalysisAssignment, AnalysisWeights, IRunReporter, CancellationToken)"/>
    /// <param name="uploads">The local copies of the uploaded data and model files the spec names.</param>
    public void Analyse(AnalysisAssignment assignment, AnalysisWeights weights, LocalUploads uploads, IRunReporter reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(reporter);
        ArgumentNullException.ThrowIfNull(assignment.Spec);
        Validate(assignment.Spec, nameof(assignment));
        if (string.IsNullOrWhiteSpace(assignment.Label)) throw new ArgumentException("The analysis needs a label for its results.", nameof(assignment));
        torch.set_num_threads(Math.Max(1, threads));

        using var setup = ExperimentSetup.Build(assignment.Spec, device, uploads);
        if (assignment.Interpolation is { } interpolation)
        {
            SpecValidator.ValidateLine(interpolation.Line, "", (field, message) => throw new ArgumentException($"{field}: {message}", nameof(assignment)));
            reporter.Status(new StatusChange(RunStatus.Running, RunPhase.Analysing));
            new LossInterpolation(setup, assignment.Spec.Analysis, reporter)
                .Run(interpolation.Line, assignment.Label, weights.From,
                    weights.To ?? throw new ArgumentException("An interpolation needs the weights of both ends.", nameof(weights)), cancellationToken);
            reporter.Status(new StatusChange(RunStatus.Completed));
            return;
        }
        Artifacts.LoadWeights(setup.Model, weights.From);
        reporter.Status(new StatusChange(RunStatus.Running, RunPhase.Analysing));
        new CheckpointAnalysis(assignment.Spec, setup.Objective, device, reporter).Run(assignment.Label, cancellationToken);
        reporter.Status(new StatusChange(RunStatus.Completed));
    }

    static void Validate(ExperimentSpec spec, string parameter)
    {
        var errors = SpecValidator.Validate(spec);
        if (errors.Count > 0)
            throw new ArgumentException(
                "The spec is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), parameter);
    }
}
