using HessianWeb.Shared.Uploads;

namespace HessianWeb.Server.Components.Pages.Runs.YourModel;

/// <summary>What an upload is and holds, in a line: for the drop zone's results and the selects' items.</summary>
public static class UploadWords
{
    /// <summary>"layer list for [2], 27 parameters"; "data: x F64 [20, 2], y I64 [20], 3 classes"; "weights: 4 tensors".</summary>
    public static string Describe(UploadSummary u)
    {
        var c = u.Contents;
        var parameters = c.ParameterCount is { } m ? $", {NumberFormat.Count(m)} parameters" : "";
        return u.Kind switch
        {
            UploadKind.Layers => $"layer list for [{string.Join(", ", c.InputShape ?? [])}]{parameters}",
            UploadKind.Torchscript => $"TorchScript module{parameters}",
            _ when YourModelForm.IsData(u) => $"data ({KindName(u.Kind)}): {string.Join(", ", c.Tensors.Select(Tensor))}"
                + (c.Classes is { } k ? $", {k} classes" : ""),
            _ => $"weights ({KindName(u.Kind)}): {c.Tensors.Count} tensor{(c.Tensors.Count == 1 ? "" : "s")}",
        };
    }

    /// <summary>A select's item: the file's name, what it is, and when it came (the same name may come twice).</summary>
    public static string Choice(UploadSummary u) =>
        $"{u.FileName} — {Describe(u)} · {u.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC";

    /// <summary>"x F64 [20, 2]".</summary>
    public static string Tensor(TensorShape t) => $"{t.Name} {t.Dtype} [{string.Join(", ", t.Shape)}]";

    static string KindName(UploadKind kind) => kind switch
    {
        UploadKind.Npz => ".npz",
        UploadKind.StateDict => "PyTorch state dict",
        _ => "safetensors",
    };
}
