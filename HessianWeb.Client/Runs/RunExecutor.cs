using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Client.Training;
using HessianWeb.Client.Worker;
using HessianWeb.Shared.Hubs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

/// <summary>
/// Runs one experiment start to end on this worker: data and model, spectra at initialisation, training,
/// spectra at the end. Synchronous and CPU/GPU-bound: call it off the hub's threads.
/// </summary>
/// <param name="device">Where tensors live (<see cref="ComputeDevice.Best"/>).</param>
/// <param name="threads">LibTorch's intra-op threads.</param>
public sealed class RunExecutor(Device device, int threads) : IWorkExecutor
{
    /// <summary>On the best device here (<see cref="ComputeDevice.Best"/>).</summary>
    public RunExecutor(int threads) : this(ComputeDevice.Best(), threads) { }

    public Device Device => device;
    public int Threads => threads;

    /// <summary>For the worker's registration: "cpu" or "cuda:N (K GPUs)".</summary>
    public string DeviceDescription => ComputeDevice.Describe(device);

    /// <summary>
    /// Reports Running/Training (with the parameter count), Running/Analysing, the "init" spectra, Running/Training,
    /// every epoch, Running/Analysing, the "end" spectra and Completed; or Diverged with the epoch in words.
    /// </summary>
    /// <exception cref="ArgumentException">The spec fails <see cref="SpecValidator"/> (checked again here: a bad
    /// shape reaching libtorch would abort the worker process).</exception>
    /// <exception cref="OperationCanceledException">Cancelled (checked between epochs and Lanczos steps).</exception>
    /// <remarks>Any other exception propagates: the caller fails the run with it.</remarks>
    public void Execute(ExperimentSpec spec, IRunReporter reporter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(reporter);
        var errors = SpecValidator.Validate(spec);
        if (errors.Count > 0)
            throw new ArgumentException(
                "The spec is invalid: " + string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), nameof(spec));
        torch.set_num_threads(Math.Max(1, threads));

        var data = GaussianBlobs.Generate(spec.Data);
        using var train = DataTensors.From(data.Train, device);
        using var test = data.Test.Count > 0 ? DataTensors.From(data.Test, device) : null;
        using var model = Mlp.Create(spec.Model, data.InputDim, data.Classes, device);
        reporter.Status(new StatusChange(RunStatus.Running, RunPhase.Training, ParameterCount: model.ParameterCount));

        reporter.Status(new StatusChange(RunStatus.Running, RunPhase.Analysing));
        CheckpointAnalysis.Run(Checkpoints.Init, model, train, spec, device, reporter, cancellationToken);

        reporter.Status(new StatusChange(RunStatus.Running, RunPhase.Training));
        try
        {
            new SgdTraining(model, train, test, spec.Training).Run(reporter.Epoch, cancellationToken);
        }
        catch (TrainingDivergedException diverged)
        {
            reporter.Status(new StatusChange(RunStatus.Diverged, Error: diverged.Message));
            return;
        }

        reporter.Status(new StatusChange(RunStatus.Running, RunPhase.Analysing));
        CheckpointAnalysis.Run(Checkpoints.End, model, train, spec, device, reporter, cancellationToken);
        reporter.Status(new StatusChange(RunStatus.Completed));
    }

    /// <summary>A new analysis of a saved checkpoint: to be built with the curvature engine.</summary>
    public void Analyse(AnalysisAssignment assignment, IRunReporter reporter, CancellationToken cancellationToken) =>
        throw new NotSupportedException("This worker cannot analyse saved checkpoints yet.");
}
