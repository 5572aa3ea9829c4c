using System.Collections;
using HessianWeb.Shared.Uploads;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace HessianWeb.Client.Models;

/// <summary>
/// An uploaded weights file, a safetensors file or a PyTorch state dict (<c>torch.save(model.state_dict())</c>, a zip),
/// read through TorchSharp.PyBridge, and its tensors copied into a model's by name.
/// </summary>
internal static class WeightsFile
{
    /// <summary>Every tensor the file holds, by name, on the CPU in the file's dtypes; the caller disposes them.</summary>
    /// <exception cref="InvalidDataException">Neither format, or the file is malformed.</exception>
    public static Dictionary<string, Tensor> Read(string path)
    {
        var format = Format(path)
            ?? throw new InvalidDataException($"{Path.GetFileName(path)} is neither a PyTorch state dict (torch.save's zip) nor a safetensors file; other pickles are not read.");
        try
        {
            return format != UploadKind.Safetensors
                ? PyTorchUnpickler.UnpickleStateDict(path).Cast<DictionaryEntry>()
                    .ToDictionary(e => (string)e.Key, e => e.Value as Tensor ?? throw new InvalidDataException($"'{e.Key}' is not a tensor."))
                : Safetensors.LoadStateDict(path);
        }
        catch (Exception ex) when (ex is not InvalidDataException)
        {
            throw new InvalidDataException($"{Path.GetFileName(path)} is neither a safetensors file nor a PyTorch state dict that can be read: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Copies the file's tensor of each target's name into it, converting the dtype (a float32 file into a float64 model).
    /// </summary>
    /// <param name="partial">False: every target must be in the file (tensors of the file no target names are ignored).
    /// True: the file names some of the targets, each of its tensors must be one, and the others keep their values.</param>
    /// <exception cref="InvalidDataException">A name is missing or unknown, or a shape differs, in words.</exception>
    public static void Load(string path, IReadOnlyList<(string Name, Tensor Target)> targets, bool partial)
    {
        var tensors = Read(path);
        try
        {
            var file = Path.GetFileName(path);
            var wanted = targets.Select(t => t.Name).ToHashSet();
            if (partial && tensors.Keys.FirstOrDefault(n => !wanted.Contains(n)) is { } unknown)
                throw new InvalidDataException($"{file} has '{unknown}', which the model does not; it has {string.Join(", ", wanted)}.");
            if (!partial && targets.FirstOrDefault(t => !tensors.ContainsKey(t.Name)).Name is { } missing)
                throw new InvalidDataException($"{file} has no tensor '{missing}'; the model needs {string.Join(", ", wanted)}.");
            using var noGrad = torch.no_grad();
            foreach (var (name, target) in targets)
            {
                if (!tensors.TryGetValue(name, out var source)) continue;
                if (!source.shape.SequenceEqual(target.shape))
                    throw new InvalidDataException($"{file}'s '{name}' is [{string.Join(", ", source.shape)}]; the model's is [{string.Join(", ", target.shape)}].");
                target.copy_(source);
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    /// <summary>Safetensors, or a PyTorch zip (a state dict; a TorchScript file's tensors fail in the unpickler), as the upload check tells them; null for anything else.</summary>
    static UploadKind? Format(string path)
    {
        try { return UploadFormats.Detect(path) is var kind and (UploadKind.Safetensors or UploadKind.StateDict or UploadKind.Torchscript) ? kind : null; }
        catch (InvalidDataException) { return null; }
    }
}
