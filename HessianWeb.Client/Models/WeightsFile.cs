using System.Collections;
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
        try
        {
            return IsZip(path)
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
    /// Copies the file's tensor of each target's name into it, converting the dtype (a float32 file into a float64 model);
    /// tensors of the file no target names are ignored.
    /// </summary>
    /// <exception cref="InvalidDataException">A target's name is missing from the file or its shape differs, in words.</exception>
    public static void Load(string path, IReadOnlyList<(string Name, Tensor Target)> targets)
    {
        var tensors = Read(path);
        try
        {
            var file = Path.GetFileName(path);
            var missing = targets.Where(t => !tensors.ContainsKey(t.Name)).Select(t => t.Name).ToArray();
            if (missing.Length > 0)
                throw new InvalidDataException($"{file} has no tensor '{missing[0]}'; the model needs {string.Join(", ", targets.Select(t => t.Name))}.");
            foreach (var (name, target) in targets)
            {
                var source = tensors[name];
                if (!source.shape.SequenceEqual(target.shape))
                    throw new InvalidDataException($"{file}'s '{name}' is [{string.Join(", ", source.shape)}]; the model's is [{string.Join(", ", target.shape)}].");
                using var noGrad = torch.no_grad();
                target.copy_(source);
            }
        }
        finally
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
        }
    }

    static bool IsZip(string path)
    {
        Span<byte> signature = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.Read(signature) == 4 && signature.SequenceEqual("PK\u0003\u0004"u8);
    }
}
