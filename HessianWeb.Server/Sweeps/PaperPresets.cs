using HessianWeb.Shared;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Sweeps;

/// <summary>
/// The paper presets' sweeps, read from the examples/ files built into the server. Where a preset has several files
/// (Fashion-MNIST, else blobs), the first whose data this machine's local worker can find is taken.
/// </summary>
public static class PaperPresets
{
    /// <summary>The sweep in examples/<paramref name="file"/>.</summary>
    public static SweepSpec Load(string file)
    {
        using var stream = typeof(PaperPresets).Assembly.GetManifestResourceStream($"examples/{file}")
            ?? throw new FileNotFoundException($"The preset examples/{file} is not built into the server.", file);
        using var reader = new StreamReader(stream);
        return JsonFormat.Deserialize<SweepSpec>(reader.ReadToEnd())
            ?? throw new InvalidDataException($"examples/{file} is not a sweep.");
    }

    /// <summary>The first of <paramref name="files"/> whose data the local worker has; the last when none has.</summary>
    public static (string File, SweepSpec Sweep) Choose(IReadOnlyList<string> files)
    {
        foreach (var file in files)
        {
            var sweep = Load(file);
            if (DataPresent(sweep)) return (file, sweep);
        }
        return (files[^1], Load(files[^1]));
    }

    /// <summary>Generated data is always present; an image set needs its training images in a folder the worker searches.</summary>
    static bool DataPresent(SweepSpec sweep)
    {
        var data = sweep.Base?["data"];
        var kind = data?["kind"]?.GetValue<string>();
        if (kind is not ("mnist" or "fashionMnist")) return true;
        if (data?["directory"]?.GetValue<string>() is { } directory) return HasTrainingImages(directory);
        var name = kind == "mnist" ? "mnist" : "fashion-mnist";
        // The worker's search (HessianWeb.Client's ImageDataSet): $HESSIANWEB_DATA/<name>, then Debian's folder.
        var configured = Environment.GetEnvironmentVariable("HESSIANWEB_DATA");
        return (!string.IsNullOrWhiteSpace(configured) && HasTrainingImages(Path.Combine(configured, name)))
            || HasTrainingImages(Path.Combine("/usr/share/datasets", name));
    }

    static bool HasTrainingImages(string directory) =>
        File.Exists(Path.Combine(directory, "train-images-idx3-ubyte")) || File.Exists(Path.Combine(directory, "train-images-idx3-ubyte.gz"));
}
