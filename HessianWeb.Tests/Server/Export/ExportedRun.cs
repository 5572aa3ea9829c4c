using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Server.Export;

/// <summary>A run's export as the client receives it, with readers for the entries the tests check.</summary>
public sealed class ExportedRun(ZipArchive zip, string? fileName) : IDisposable
{
    public ZipArchive Zip => zip;
    public string? FileName => fileName;
    public IReadOnlyList<string> Entries => zip.Entries.Select(e => e.FullName).ToList();

    public static async Task<ExportedRun> DownloadAsync(HttpClient http, Guid runId)
    {
        var response = await http.GetAsync($"/api/runs/{runId}/export");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new ExportedRun(new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read), response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
    }

    public async Task<SafeTensorsHeader> HeaderAsync(string entry)
    {
        await using var stream = Open(entry);
        return await SafeTensorsReader.ReadHeaderAsync(stream);
    }

    public async Task<IReadOnlyList<NamedTensor>> TensorsAsync(string entry)
    {
        await using var stream = Open(entry);
        return await SafeTensorsReader.ReadAsync(stream);
    }

    public JsonElement Json(string entry)
    {
        using var stream = Open(entry);
        return JsonDocument.Parse(stream).RootElement.Clone();
    }

    /// <summary>The CSV's header and its rows as numbers.</summary>
    public (string[] Columns, double[][] Rows) Csv(string entry)
    {
        using var reader = new StreamReader(Open(entry));
        var lines = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray());
    }

    /// <summary>∫ density dλ by the trapezoid rule over the CSV's grid.</summary>
    public static double Integral(double[][] rows, int column)
    {
        var sum = 0.0;
        for (var i = 1; i < rows.Length; i++) sum += 0.5 * (rows[i][column] + rows[i - 1][column]) * (rows[i][0] - rows[i - 1][0]);
        return sum;
    }

    Stream Open(string entry) => (zip.GetEntry(entry) ?? throw new Xunit.Sdk.XunitException($"No '{entry}' in the export: {string.Join(", ", Entries)}")).Open();

    public void Dispose() => zip.Dispose();
}
