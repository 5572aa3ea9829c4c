using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Models;

/// <summary>
/// An uploaded TorchScript model (<c>torch.jit.save</c>): any architecture TorchScript holds, run by LibTorch, always in
/// eval mode (dropout off, batch norms on their running statistics), also when fine-tuned. Its parameters, the Hessian's
/// variables, are those that require grad, in <c>named_parameters</c> order and under those names. Takes the data's
/// flattened rows [N, d] and views them as [N, …] by the data's per-point shape.
/// </summary>
public sealed class TorchScriptNetwork : Network
{
    readonly jit.ScriptModule<Tensor, Tensor> script;
    readonly long[] inputShape;

    TorchScriptNetwork(jit.ScriptModule<Tensor, Tensor> script, long[] pointShape, int classes) : base(nameof(TorchScriptNetwork))
    {
        this.script = script;
        inputShape = [-1, .. pointShape];
        // Not registered as a submodule: a Module disposes its submodules by walking named_modules, which a ScriptModule
        // answers from its native handle, gone by then. Dispose below releases it.
        var trained = script.named_parameters().Where(p => p.parameter.requires_grad).ToArray();
        if (trained.Length == 0) throw new InvalidDataException("The TorchScript model has no parameters that require grad: the Hessian has no variables.");
        Record(trained.Select(p => p.parameter).ToArray(), trained.Select(p => p.name), classes);
    }

    /// <summary>The model in <paramref name="file"/> on the device in <paramref name="dtype"/>, its weights replaced by those in <paramref name="weights"/> when given.</summary>
    /// <param name="pointShape">One data point's shape, e.g. [3, 32, 32].</param>
    /// <param name="weights">A safetensors file or state dict naming some of the model's parameters and buffers (the others keep the file's values).</param>
    /// <exception cref="InvalidDataException">The weights do not fit the model, in words.</exception>
    public static TorchScriptNetwork Load(string file, string? weights, long[] pointShape, int classes, Device device, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(pointShape);
        RequireFloatingType(dtype, "A TorchScript model");
        var script = torch.jit.load<Tensor, Tensor>(file, device.type, device.index);
        try
        {
            // Floating parameters and buffers only (num_batches_tracked stays int64), before the Parameter objects are fetched.
            script.to(dtype);
            if (weights is not null) LoadWeights(script, weights);
            script.eval();
            return new TorchScriptNetwork(script, pointShape, classes);
        }
        catch
        {
            script.Dispose();
            throw;
        }
    }

    /// <summary>Copies the weights file's tensors into the parameters and buffers of the same names; each name in it must be the model's.</summary>
    static void LoadWeights(jit.ScriptModule script, string weights) =>
        WeightsFile.Load(weights, script.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(script.named_buffers()).ToArray(), partial: true);

    /// <summary>Stays in eval mode whatever is asked: an uploaded model's batch norms and dropout are used as trained.</summary>
    public override void train(bool on = true) => base.train(false);

    protected override void Dispose(bool disposing)
    {
        if (disposing) script.Dispose();
        base.Dispose(disposing);
    }

    public override Tensor forward(Tensor input) => script.forward(input.reshape(inputShape));
}
