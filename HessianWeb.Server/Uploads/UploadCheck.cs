using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Server.Uploads;

/// <summary>
/// <see cref="UploadedFiles"/>'s checks of the stored contents against each other, each error naming the file and what
/// is wrong ("model.safetensors has no tensor '3.bias'; the layer list needs 0.weight, 0.bias, 3.weight, 3.bias").
/// </summary>
static class UploadCheck
{
    /// <summary>A tensors data set's fields from its x, y and x_test; null when the file is not data.</summary>
    public static DataSpec? DataShape(UploadSummary file, DataSpec data, Action<string, string> fail)
    {
        if (file.Kind is not (UploadKind.Safetensors or UploadKind.Npz))
            return Refuse<DataSpec>(fail, SpecFields.Data.File, $"{file.FileName} is {Describe(file.Kind)}; data must be a safetensors or .npz file with x and y.");
        if (file.Contents.Classes is null || DataSizes(file.Contents, data) is not { } sized)
            return Refuse<DataSpec>(fail, SpecFields.Data.File, $"{file.FileName} holds no data set: it needs tensors x (points × …) and y (labels); it has {Names(file.Contents.Tensors)}.");
        return sized;
    }

    /// <summary>
    /// The data fields a tensors data set's contents give (values per point, classes, train and test points), for the
    /// submit check and the new-run form's plan alike; null without x.
    /// </summary>
    public static DataSpec? DataSizes(UploadContents contents, DataSpec data)
    {
        var x = contents.Tensors.FirstOrDefault(t => t.Name == TensorDataFile.Inputs);
        if (x is null) return null;
        var test = contents.Tensors.FirstOrDefault(t => t.Name == TensorDataFile.TestInputs);
        return data with
        {
            InputDim = (int)Math.Min(int.MaxValue, x.Shape[1..].Aggregate(1L, (a, b) => a * b)),
            Classes = contents.Classes ?? data.Classes,
            TrainSize = (int)Math.Min(int.MaxValue, x.Shape[0]),
            TestSize = (int)Math.Min(int.MaxValue, test?.Shape[0] ?? 0),
        };
    }

    /// <summary>The model's parameter count when its file is of the model's kind; the weights' names and shapes checked against it.</summary>
    public static long? Model(ModelKind kind, UploadSummary file, UploadSummary? weights, Action<string, string> fail)
    {
        var (wanted, what) = kind == ModelKind.Sequential
            ? (UploadKind.Layers, "a layer list (model.json, as the export writes it)")
            : (UploadKind.Torchscript, "a TorchScript file (torch.jit.save)");
        if (file.Kind != wanted)
            return Refuse<long?>(fail, SpecFields.Model.File, $"{file.FileName} is {Describe(file.Kind)}; a {kind.ToString().ToLowerInvariant()} model needs {what}.");
        if (weights is not null && weights.Kind is not (UploadKind.Safetensors or UploadKind.StateDict))
            fail(SpecFields.Model.Weights, $"{weights.FileName} is {Describe(weights.Kind)}; weights are a safetensors file or a PyTorch state dict (torch.save(model.state_dict())).");
        else if (weights is not null && kind == ModelKind.Sequential) Covers(weights, file, fail);
        else if (weights is not null) Within(weights, file, fail);
        return file.Contents.ParameterCount;
    }

    /// <summary>An interpolation's uploaded end: weights holding each of the model's parameters, of its shape.</summary>
    public static void InterpolationEnd(UploadSummary model, UploadSummary weights, string field, Action<string, string> fail)
    {
        if (weights.Kind is not (UploadKind.Safetensors or UploadKind.StateDict))
        {
            fail(field, $"{weights.FileName} is {Describe(weights.Kind)}; an interpolation ends at weights (safetensors or a PyTorch state dict).");
            return;
        }
        var given = weights.Contents.Tensors.ToDictionary(t => t.Name);
        foreach (var parameter in model.Contents.Tensors.Where(t => model.Contents.Parameters.Contains(t.Name)))
        {
            if (!given.TryGetValue(parameter.Name, out var have))
                fail(field, $"{weights.FileName} has no tensor '{parameter.Name}'; the line's end needs every parameter of {model.FileName}: {string.Join(", ", model.Contents.Parameters)}.");
            else if (!have.Shape.SequenceEqual(parameter.Shape))
                fail(field, $"{weights.FileName}: '{parameter.Name}' is {Shape(have.Shape)} but {model.FileName} holds it as {Shape(parameter.Shape)}.");
            else continue;
            return;
        }
    }

    /// <summary>Sequential: every parameter and buffer the layer list names is in the weights, of its shape.</summary>
    static void Covers(UploadSummary weights, UploadSummary layers, Action<string, string> fail)
    {
        var given = weights.Contents.Tensors.ToDictionary(t => t.Name);
        var needed = layers.Contents.Tensors;
        // A batch norm's step count does not enter eval mode; safetensors written outside PyTorch's state dict may lack it.
        var missing = needed.Where(t => !given.ContainsKey(t.Name) && !t.Name.EndsWith("num_batches_tracked", StringComparison.Ordinal)).ToList();
        if (missing.Count > 0)
            fail(SpecFields.Model.Weights, $"{weights.FileName} has no tensor '{missing[0].Name}'{(missing.Count > 1 ? $" (nor {missing.Count - 1} more)" : "")}; " +
                $"the layer list needs {string.Join(", ", needed.Select(t => t.Name))}.");
        foreach (var (need, have) in needed.Where(t => given.ContainsKey(t.Name)).Select(t => (t, given[t.Name])).Where(p => !p.Item1.Shape.SequenceEqual(p.Item2.Shape)))
            fail(SpecFields.Model.Weights, $"{weights.FileName}: '{need.Name}' is {Shape(have.Shape)} but the layer list needs {Shape(need.Shape)}.");
    }

    /// <summary>TorchScript: the weights replace some of the file's own, so each is one of them, of its shape.</summary>
    static void Within(UploadSummary weights, UploadSummary model, Action<string, string> fail)
    {
        var own = model.Contents.Tensors.ToDictionary(t => t.Name);
        foreach (var tensor in weights.Contents.Tensors)
        {
            if (!own.TryGetValue(tensor.Name, out var mine))
                fail(SpecFields.Model.Weights, $"{weights.FileName} has a tensor '{tensor.Name}' that {model.FileName} does not; it has {Names(model.Contents.Tensors)}.");
            else if (!mine.Shape.SequenceEqual(tensor.Shape))
                fail(SpecFields.Model.Weights, $"{weights.FileName}: '{tensor.Name}' is {Shape(tensor.Shape)} but {model.FileName} holds it as {Shape(mine.Shape)}.");
        }
    }

    static string Describe(UploadKind kind) => kind switch
    {
        UploadKind.Safetensors => "a safetensors file",
        UploadKind.Npz => "a NumPy .npz file",
        UploadKind.Layers => "a layer list",
        UploadKind.Torchscript => "a TorchScript file",
        _ => "a PyTorch state dict",
    };

    static string Shape(long[] shape) => $"[{string.Join(", ", shape)}]";

    static string Names(IReadOnlyList<TensorShape> tensors) =>
        tensors.Count == 0 ? "no tensors" : string.Join(", ", tensors.Take(12).Select(t => t.Name)) + (tensors.Count > 12 ? $" and {tensors.Count - 12} more" : "");

    static T? Refuse<T>(Action<string, string> fail, string field, string message)
    {
        fail(field, message);
        return default;
    }
}
