using System.Text.Json;
using HessianWeb.Shared;
using HessianWeb.Shared.Uploads;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Models;

/// <summary>
/// The worker's <c>inspect --kind torchscript|stateDict &lt;path&gt;</c>: what an uploaded TorchScript file or PyTorch state
/// dict holds, read by LibTorch, which the server cannot do in its own process (a TorchScript file runs code, and LibTorch
/// may abort on bad input), so it starts this as a child process. Prints <see cref="UploadContents"/> as JSON and exits 0,
/// or prints the reason the file is refused and exits 3.
/// </summary>
public static class UploadInspection
{
    public const int Refused = 3;
    const int Usage = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["inspect", "--kind", var kind, var path])
        {
            error.WriteLine("usage: inspect --kind torchscript|stateDict <path>");
            return Usage;
        }
        try
        {
            var contents = kind switch
            {
                "torchscript" => TorchScript(path),
                "stateDict" => StateDict(path),
                _ => null,
            };
            if (contents is null)
            {
                error.WriteLine($"The kind is '{kind}'; inspect reads torchscript or stateDict.");
                return Usage;
            }
            output.WriteLine(JsonSerializer.Serialize(contents, JsonFormat.Options));
            return 0;
        }
        catch (Exception ex)
        {
            // Whatever LibTorch or the readers throw is a refusal of the file, told in their words.
            // LibTorch's messages go on with its C++ stack: the first line is the reason.
            error.WriteLine(ex is InvalidDataException ? ex.Message : $"{Path.GetFileName(path)} cannot be read as a {kind} file: {ex.Message.Split('\n')[0]}");
            return Refused;
        }
    }

    /// <summary>Parameters then buffers, the modules with what each holds itself, and the count of the parameters that require grad.</summary>
    static UploadContents TorchScript(string path)
    {
        using var script = torch.jit.load(path);
        var parameters = script.named_parameters().ToArray();
        var trained = parameters.Where(p => p.parameter.requires_grad).ToArray();
        var tensors = parameters.Select(p => Shape(p.name, p.parameter)).Concat(script.named_buffers().Select(b => Shape(b.name, b.buffer))).ToList();
        var types = TorchScriptCode.ModuleTypes(path);
        string[] root = types.TryGetValue("", out var type) ? [type] : [];
        return new UploadContents
        {
            Tensors = tensors,
            Architecture = [.. root, .. script.named_modules().Select(m => Line(m.name, types.GetValueOrDefault(m.name), m.module))],
            ParameterCount = trained.Sum(p => p.parameter.numel()),
            Parameters = trained.Select(p => p.name).ToList(),
        };
    }

    static UploadContents StateDict(string path)
    {
        var tensors = WeightsFile.Read(path);
        try
        {
            if (tensors.Count == 0) throw new InvalidDataException($"{Path.GetFileName(path)} holds no tensors.");
            return new UploadContents { Tensors = tensors.Select(t => Shape(t.Key, t.Value)).OrderBy(t => t.Name, NaturalOrder.Instance).ToList() };
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    /// <summary>
    /// "block1.conv1: Conv2d(3 → 3, 3×3, stride 1, padding 1) · weight [3, 3, 3, 3]": the module's type when the file's code
    /// tells it (<see cref="TorchScriptCode"/>), then the tensors it holds itself.
    /// </summary>
    static string Line(string name, string? type, nn.Module module)
    {
        // A ScriptModule lists its submodules' tensors too, whatever recurse says: its own are those without a dot.
        var own = module.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(module.named_buffers())
            .Where(t => !t.Item1.Contains('.')).Select(t => $"{t.Item1} [{string.Join(", ", t.Item2.shape)}]").ToArray();
        var tensors = own.Length == 0 ? null : string.Join(", ", own);
        return (type, tensors) switch
        {
            (null, null) => name,
            (null, _) => $"{name}: {tensors}",
            (_, null) => $"{name}: {type}",
            _ => $"{name}: {type} · {tensors}",
        };
    }

    static TensorShape Shape(string name, Tensor tensor) => new(name, Dtype(tensor.dtype), tensor.shape);

    /// <summary>The safetensors name of a dtype, whatever the file's format.</summary>
    static string Dtype(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 => "F64",
        ScalarType.Float32 => "F32",
        ScalarType.Float16 => "F16",
        ScalarType.BFloat16 => "BF16",
        ScalarType.Int64 => "I64",
        ScalarType.Int32 => "I32",
        ScalarType.Int16 => "I16",
        ScalarType.Int8 => "I8",
        ScalarType.Byte => "U8",
        ScalarType.Bool => "BOOL",
        _ => dtype.ToString(),
    };

    /// <summary>"2.weight" before "10.weight": a state dict's names in layer order (its own order is not kept by the reader).</summary>
    sealed class NaturalOrder : IComparer<string>
    {
        public static readonly NaturalOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.');
            var b = (y ?? "").Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var order = long.TryParse(a[i], out var m) && long.TryParse(b[i], out var n) ? m.CompareTo(n) : string.CompareOrdinal(a[i], b[i]);
                if (order != 0) return order;
            }
            return a.Length.CompareTo(b.Length);
        }
    }
}
