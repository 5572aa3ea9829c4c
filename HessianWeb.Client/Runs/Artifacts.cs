using HessianWeb.Client.Curvature;
using HessianWeb.Client.Models;
using HessianWeb.Shared.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Runs;

/// <summary>The arrays a run keeps (<see cref="ArtifactKinds"/>), and the weights read back for a new analysis.</summary>
internal static class Artifacts
{
    /// <summary>
    /// The model's parameters under their nn.Sequential names (<see cref="Network.ParameterNames"/>), in the model's dtype,
    /// read from the parameters themselves: report it before the next step changes them.
    /// </summary>
    public static ArtifactContent Weights(string checkpoint, Network model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var tensors = model.Parameters.Select((p, i) => TensorContent.FromTensors(model.ParameterNames[i], [p])).ToArray();
        return new ArtifactContent(checkpoint, ArtifactKinds.Weights, tensors);
    }

    /// <summary>
    /// "x" [N, d] in the model's dtype and "y" [N] int64: the points the curvature is averaged over, taken from the
    /// objective's own batches, so they are the training set or, when a sample is configured, exactly that sample
    /// (in ascending index order). Read from the batches where they lie, one after another, never concatenated.
    /// </summary>
    public static ArtifactContent Data(string checkpoint, TrainingObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        return new ArtifactContent(checkpoint, ArtifactKinds.Data,
        [
            TensorContent.FromTensors("x", objective.Batches.Select(b => b.Inputs).ToList()),
            TensorContent.FromTensors("y", objective.Batches.Select(b => b.Labels).ToList()),
        ]);
    }

    /// <summary>"vectors" [K, M] float64: the unit Ritz vectors, one per row, in the flat parameter order of the weights.</summary>
    public static ArtifactContent Eigenvectors(string checkpoint, IReadOnlyList<double[]> vectors, int dimension) =>
        new(checkpoint, ArtifactKinds.Eigenvectors, [TensorContent.FromRows("vectors", vectors, dimension)]);

    /// <summary>Copies saved weights into the model by name, converting to the model's dtype.</summary>
    /// <exception cref="ArgumentException">A parameter is missing or its shape differs, a name is unknown, or a tensor's
    /// bytes do not match its dtype and shape. Checked before anything reaches libtorch; the model is unchanged then.</exception>
    public static void LoadWeights(Network model, IReadOnlyList<NamedTensor> weights)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(weights);
        var byName = new Dictionary<string, NamedTensor>();
        foreach (var w in weights)
            if (w is null || !byName.TryAdd(w.Name, w)) throw new ArgumentException($"The weights name '{w?.Name}' more than once.", nameof(weights));
        var unknown = byName.Keys.Except(model.ParameterNames).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"The model has no parameters named {string.Join(", ", unknown)}; it has {string.Join(", ", model.ParameterNames)}.", nameof(weights));

        using var scope = torch.NewDisposeScope();
        var loaded = new Tensor[model.Parameters.Count];
        for (var i = 0; i < loaded.Length; i++)
        {
            var name = model.ParameterNames[i];
            if (!byName.TryGetValue(name, out var saved)) throw new ArgumentException($"The weights lack '{name}'.", nameof(weights));
            var shape = model.Parameters[i].shape;
            if (!saved.Shape.SequenceEqual(shape))
                throw new ArgumentException($"'{name}' is [{string.Join(", ", saved.Shape)}], the model's is [{string.Join(", ", shape)}].", nameof(weights));
            if (saved.Dtype is not (TensorBytes.Float32 or TensorBytes.Float64))
                throw new ArgumentException($"'{name}' is {saved.Dtype}; weights are float32 or float64.", nameof(weights));
            loaded[i] = TensorBytes.ToTensor(saved);
        }
        using var noGrad = torch.no_grad();
        for (var i = 0; i < loaded.Length; i++) model.Parameters[i].copy_(loaded[i]); // rounds or widens to the model's dtype
    }

    /// <summary>
    /// The parameters an uploaded weights file gives the model, named as <see cref="Weights"/> names them: an
    /// interpolation's end at another model of the same architecture. Read through the model itself (converted to its
    /// dtype, checked by name and shape), which is left as it was; buffers (batch-norm statistics) stay the model's own.
    /// </summary>
    /// <exception cref="InvalidDataException">A parameter is missing from the file or of another shape, in words.</exception>
    public static IReadOnlyList<NamedTensor> UploadedWeights(Network model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var own = model.GetFlatParameters();
        try
        {
            WeightsFile.Load(path, model.ParameterNames.Zip(model.Parameters, (name, p) => (name, (Tensor)p)).ToArray(), partial: false);
            using var weights = Weights(Checkpoints.Init, model);
            return weights.ToResult().Tensors;
        }
        finally { model.SetFlatParameters(own); }
    }
}
