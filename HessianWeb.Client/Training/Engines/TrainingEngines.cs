using HessianWeb.Client.Curvature;
using HessianWeb.Client.Data;
using HessianWeb.Client.Models;
using HessianWeb.Shared.Specs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Training.Engines;

internal static class TrainingEngines
{
    /// <summary>
    /// The largest step, in multiply-adds of one forward pass (training rows × parameters), that trains on the managed
    /// path: about a millisecond of scalar arithmetic, where TorchSharp's fixed cost per step (some sixty native calls)
    /// stops being what sets the speed and libtorch's vectorised, threaded kernels start to win.
    /// </summary>
    public const long ManagedLimit = 1_000_000;

    /// <summary>
    /// The managed engine for an <see cref="Mlp"/> on the CPU whose full-batch forward pass is within
    /// <see cref="ManagedLimit"/>; TorchSharp's autograd otherwise (a CNN, a GPU, a large MLP) or when
    /// <paramref name="managed"/> is false.
    /// </summary>
    public static ITrainingEngine For(Network model, DataTensors train, TrainingSpec spec, LossFunction loss, bool managed = true)
    {
        if (managed && UsesManaged(model, train.Count))
        {
            var mlp = (Mlp)model;
            return model.DType == ScalarType.Float32
                ? new ManagedMlpEngine<float>(mlp, train, spec, loss)
                : new ManagedMlpEngine<double>(mlp, train, spec, loss);
        }
        return new TorchEngine(model, train, spec, loss);
    }

    /// <summary>Whether <see cref="For"/> picks the managed engine for this model and training-set size.</summary>
    public static bool UsesManaged(Network model, long trainRows) =>
        model is Mlp && model.Parameters[0].device_type == DeviceType.CPU && trainRows * model.ParameterCount <= ManagedLimit;
}
