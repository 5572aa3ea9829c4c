using System.Globalization;
using System.Text;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Server.Export;

/// <summary>A spectral density as CSV: <c>lambda,density,probe_1..probe_n</c>, one row per grid point, round-trip precision.</summary>
public static class DensityCsv
{
    public static async Task WriteAsync(Stream stream, DensityResult density, CancellationToken ct = default)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true) { NewLine = "\n" };
        var header = new StringBuilder("lambda,density");
        for (var p = 1; p <= density.ProbeDensities.Length; p++) header.Append(",probe_").Append(p);
        await writer.WriteLineAsync(header.ToString().AsMemory(), ct);
        var row = new StringBuilder();
        for (var i = 0; i < density.Grid.Length; i++)
        {
            row.Clear().Append(Number(density.Grid[i])).Append(',').Append(Number(density.Density[i]));
            foreach (var probe in density.ProbeDensities) row.Append(',').Append(i < probe.Length ? Number(probe[i]) : "");
            await writer.WriteLineAsync(row.ToString().AsMemory(), ct);
        }
    }

    static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
