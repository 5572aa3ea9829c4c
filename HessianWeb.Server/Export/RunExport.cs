using HessianWeb.Shared;
using System.IO.Compression;
using System.Text.Json;
using HessianWeb.Server.Runs;
using HessianWeb.Server.Runs.Interpolations;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Server.Export;

/// <summary>
/// A finished run as one zip, for Python: spec.json; model.safetensors (the final weights, named as
/// PyTorch's nn.Sequential names them); model.json, an MLP's or CNN's layer list (<see cref="SequentialLayers.From"/>),
/// which model kind "sequential" reads back with model.safetensors; data.safetensors (x, y as used for the Hessian); spectra.json,
/// traces.json, outliers.json, class-structure.json (G's class/cross-class structure per checkpoint); densities/&lt;checkpoint&gt;-&lt;operator&gt;.csv; checkpoints/&lt;checkpoint&gt;.safetensors
/// for the other saved weights; eigenvectors/&lt;checkpoint&gt;.safetensors. The safetensors files are copied from
/// the data directory as they are, so nothing large is held in memory.
/// </summary>
public sealed class RunExport(RunResults results, RunInterpolations lines, ArtifactFiles artifacts)
{
    static readonly JsonSerializerOptions Indented = new(JsonFormat.Options) { WriteIndented = true };

    /// <summary>The final weights the export needs, or null when the run has none (still running, or it never finished training).</summary>
    public async Task<ArtifactResult?> FinalWeightsAsync(Guid runId, CancellationToken ct = default) =>
        await results.FindWeightsAsync(runId, Checkpoints.End, ct);

    public static string FileName(RunSummary run) => $"{FileNames.Sanitize(run.Name, "run")}-{run.Id}.zip";

    public async Task WriteAsync(RunSummary run, Stream destination, CancellationToken ct = default)
    {
        var output = new DeferredWriteStream(destination);
        await using (var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, ct))
            await WriteEntriesAsync(zip, run, ct);
        await output.FlushAsync(ct);
    }

    async Task WriteEntriesAsync(ZipArchive zip, RunSummary run, CancellationToken ct)
    {
        var artifacts = await results.GetArtifactsAsync(run.Id, ct);
        var names = new HashSet<string>(StringComparer.Ordinal);

        await JsonEntryAsync(zip, names, "spec.json", run.Spec, ct);
        if (artifacts.LastOrDefault(a => a.Kind == ArtifactKinds.Weights && a.Checkpoint == Checkpoints.End) is { } model)
            await FileEntryAsync(zip, names, "model.safetensors", model, ct);
        if (run.Spec.Model.Kind is ModelKind.Mlp or ModelKind.Cnn)
            await JsonEntryAsync(zip, names, "model.json", SequentialLayers.From(run.Spec.Model, run.Spec.Data), ct);
        if (artifacts.LastOrDefault(a => a.Kind == ArtifactKinds.Data) is { } data)
            await FileEntryAsync(zip, names, "data.safetensors", data, ct);
        await JsonEntryAsync(zip, names, "spectra.json", await results.GetSpectraAsync(run.Id, ct), ct);
        await JsonEntryAsync(zip, names, "traces.json", await results.GetTracesAsync(run.Id, ct), ct);
        await JsonEntryAsync(zip, names, "outliers.json", await results.GetOutliersAsync(run.Id, ct), ct);
        await JsonEntryAsync(zip, names, "class-structure.json", await results.GetClassStructuresAsync(run.Id, ct), ct);
        if (await lines.GetInterpolationsAsync(run.Id, ct) is { Count: > 0 } interpolations)
            await JsonEntryAsync(zip, names, "interpolations.json", interpolations, ct);
        foreach (var density in await results.GetDensitiesAsync(run.Id, ct))
        {
            var entry = await CreateEntryAsync(zip, names, $"densities/{FileNames.Sanitize(density.Checkpoint)}-{FileNames.Sanitize(density.Operator)}", ".csv", ct);
            await using var stream = await entry.OpenAsync(ct);
            await DensityCsv.WriteAsync(stream, density, ct);
        }
        // A checkpoint saved twice (a resend under a new sequence number) is exported once, as last saved.
        foreach (var weights in artifacts.Where(a => a.Kind == ArtifactKinds.Weights && a.Checkpoint != Checkpoints.End).GroupBy(a => a.Checkpoint).Select(g => g.Last()))
            await FileEntryAsync(zip, names, $"checkpoints/{FileNames.Sanitize(weights.Checkpoint)}.safetensors", weights, ct);
        foreach (var vectors in artifacts.Where(a => a.Kind == ArtifactKinds.Eigenvectors).GroupBy(a => a.Checkpoint).Select(g => g.Last()))
            await FileEntryAsync(zip, names, $"eigenvectors/{FileNames.Sanitize(vectors.Checkpoint)}.safetensors", vectors, ct);
    }

    async Task FileEntryAsync(ZipArchive zip, HashSet<string> names, string name, ArtifactResult artifact, CancellationToken ct)
    {
        var entry = await CreateEntryAsync(zip, names, Path.ChangeExtension(name, null), Path.GetExtension(name), ct);
        await using var source = artifacts.OpenRead(artifact);
        await using var target = await entry.OpenAsync(ct);
        await source.CopyToAsync(target, ct);
    }

    static async Task JsonEntryAsync<T>(ZipArchive zip, HashSet<string> names, string name, T value, CancellationToken ct)
    {
        var entry = await CreateEntryAsync(zip, names, Path.ChangeExtension(name, null), Path.GetExtension(name), ct);
        await using var stream = await entry.OpenAsync(ct);
        await JsonSerializer.SerializeAsync(stream, value, Indented, ct);
    }

    /// <summary>Sanitised labels can coincide ("end·2" and "end_2"): a later entry gets "-2", "-3", ….</summary>
    static Task<ZipArchiveEntry> CreateEntryAsync(ZipArchive zip, HashSet<string> names, string stem, string extension, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var name = stem + extension;
        for (var n = 2; !names.Add(name); n++) name = $"{stem}-{n}{extension}";
        return Task.FromResult(zip.CreateEntry(name, CompressionLevel.Fastest));
    }
}
