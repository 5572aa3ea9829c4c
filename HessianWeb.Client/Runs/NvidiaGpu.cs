using System.Diagnostics;
using System.Globalization;

namespace HessianWeb.Client.Runs;

/// <summary>
/// A GPU's name and memory, from <c>nvidia-smi</c>: TorchSharp 0.107 exposes neither (it has no
/// <c>get_device_properties</c> or <c>mem_get_info</c>).
/// </summary>
internal static class NvidiaGpu
{
    /// <summary>
    /// The GPU LibTorch calls cuda:<paramref name="index"/>, or null when nvidia-smi is missing or fails. LibTorch counts
    /// only the GPUs in CUDA_VISIBLE_DEVICES (Slurm and Kubernetes set it) and nvidia-smi ignores it, so the index is
    /// mapped through it first; an entry may be an index or a GPU's UUID, and nvidia-smi's <c>-i</c> takes either.
    /// </summary>
    public static (string Name, long MemoryBytes)? Query(int index)
    {
        var visible = Environment.GetEnvironmentVariable("CUDA_VISIBLE_DEVICES")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var id = visible is { Length: > 0 } ? (index < visible.Length ? visible[index] : null) : index.ToString(CultureInfo.InvariantCulture);
        if (id is null) return null;
        try
        {
            var info = new ProcessStartInfo("nvidia-smi") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "--query-gpu=name,memory.total", "--format=csv,noheader,nounits", "-i", id }) info.ArgumentList.Add(arg);
            using var process = Process.Start(info);
            if (process is null) return null;
            // A wedged driver can hang nvidia-smi; its output is one short line, so waiting before reading cannot block it.
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
                return null;
            }
            return process.ExitCode == 0 ? Parse(process.StandardOutput.ReadToEnd().Split('\n')[0]) : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; } // not installed
    }

    /// <summary>nvidia-smi's "NVIDIA H200, 143771" (name, MiB), or null for anything else.</summary>
    public static (string Name, long MemoryBytes)? Parse(string line)
    {
        var comma = line.Trim().LastIndexOf(',');
        if (comma <= 0) return null;
        var name = line.Trim()[..comma].Trim();
        return long.TryParse(line.Trim()[(comma + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var mib) && name.Length > 0
            ? (name, mib << 20)
            : null;
    }
}
