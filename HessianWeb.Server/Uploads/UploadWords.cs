using HessianWeb.Server.Components;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Server.Uploads;

/// <summary>An upload's kind, size and contents in words, for the uploads page.</summary>
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

    public static string Size(long bytes) => bytes switch
    {
        < 1L << 10 => $"{bytes} B",
        < 1L << 20 => $"{bytes / 1024.0:0.#} KiB",
        < 1L << 30 => $"{bytes / (1024.0 * 1024):0.#} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB",
    };

    /// <summary>A model's parameter count, data's points and classes, or weights' tensor count.</summary>
    public static string Holds(UploadContents contents) => contents switch
    {
        { ParameterCount: { } count } => $"{NumberFormat.Count(count)} parameters",
        { Classes: { } classes } when contents.Tensors.FirstOrDefault(t => t.Name == TensorDataFile.Inputs) is { } x =>
            $"{NumberFormat.Count(x.Shape[0])} points of [{string.Join(", ", x.Shape[1..])}], {classes} classes",
        _ => $"{contents.Tensors.Count} tensors ({NumberFormat.Count(contents.Tensors.Sum(t => t.Shape.Aggregate(1L, (a, b) => a * b)))} values)",
    };
}
