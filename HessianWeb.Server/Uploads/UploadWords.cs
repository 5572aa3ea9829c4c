using HessianWeb.Server.Components;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Server.Uploads;

/// <summary>An upload's kind and contents in words, for the uploads page, the drop zone's results and the selects' items.</summary>
public static class UploadWords
{
    public static string Kind(UploadKind kind) => kind switch
    {
        UploadKind.Safetensors => "safetensors",
        UploadKind.Npz => "NumPy .npz",
        UploadKind.Layers => "layer list",
        UploadKind.Torchscript => "TorchScript",
        _ => "PyTorch state dict",
    };

    /// <summary>A model's parameter count, data's points and classes, or weights' tensor count.</summary>
    public static string Holds(UploadContents contents) => contents switch
    {
        { ParameterCount: { } count } => $"{NumberFormat.Count(count)} parameters",
        { Classes: { } classes } when contents.Tensors.FirstOrDefault(t => t.Name == TensorDataFile.Inputs) is { } x =>
            $"{NumberFormat.Count(x.Shape[0])} points of [{string.Join(", ", x.Shape[1..])}], {classes} classes",
        _ => $"{contents.Tensors.Count} tensors ({NumberFormat.Count(contents.Tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b)))} values)",
    };

    /// <summary>"layer list for [2], 27 parameters"; "data (safetensors): x F64 [20, 2], y I64 [20], 3 classes"; "weights (safetensors): 4 tensors".</summary>
    public static string Describe(UploadSummary u)
    {
        var c = u.Contents;
        var parameters = c.ParameterCount is { } m ? $", {NumberFormat.Count(m)} parameters" : "";
        return u.Kind switch
        {
            UploadKind.Layers => $"layer list for [{string.Join(", ", c.InputShape ?? [])}]{parameters}",
            UploadKind.Torchscript => $"TorchScript module{parameters}",
            _ when TensorDataFile.IsDataSet(u) => $"data ({Kind(u.Kind)}): {string.Join(", ", c.Tensors.Select(Tensor))}"
                + (c.Classes is { } k ? $", {k} classes" : ""),
            _ => $"weights ({Kind(u.Kind)}): {c.Tensors.Count} tensor{(c.Tensors.Count == 1 ? "" : "s")}",
        };
    }

    /// <summary>A select's item: the file's name, what it is, and when it came (the same name may come twice).</summary>
    public static string Choice(UploadSummary u) =>
        $"{u.FileName} — {Describe(u)} · {u.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC";

    /// <summary>"x F64 [20, 2]".</summary>
    public static string Tensor(TensorShape t) => $"{t.Name} {t.Dtype} [{string.Join(", ", t.Shape)}]";
}
