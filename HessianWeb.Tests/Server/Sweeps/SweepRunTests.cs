using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HessianWeb.Shared.Runs;
using HessianWeb.Tests.Hosting;

namespace HessianWeb.Tests.Server.Sweeps;

/// <summary>A tiny sweep end to end: the real server, SQLite file and worker process.</summary>
public sealed class SweepRunTests : IDisposable
{
    readonly RunningServer server = new();

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task A_two_by_two_sweep_completes_and_reports_each_runs_outliers_and_top_eigenvalue_at_the_end()
    {
        await server.WaitForWorkerAsync();
        const string body = """
            { "name": "tiny", "preset": "paper-outliers-vs-classes",
              "base": { "training": { "epochs": 30 }, "analysis": { "lanczosMaxSteps": 40, "density": { "enabled": false }, "trace": { "enabled": false } } },
              "axes": [ { "path": "data.classes", "values": [2, 3] }, { "path": "model.seed", "values": [0, 1] } ] }
            """;
        var response = await server.Http.PostAsync("/api/sweeps", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var runIds = (await server.Sweeps.GetAsync(id))!.Runs.Select(r => r.Id).ToList();
        foreach (var runId in runIds)
        {
            var run = await server.WaitForEndAsync(runId, TimeSpan.FromMinutes(3));
            Assert.True(run.Status == RunStatus.Completed, run.Error);
        }

        var sweep = await server.Http.GetFromJsonAsync<JsonElement>($"/api/sweeps/{id}");
        Assert.Equal(4, sweep.GetProperty("counts").GetProperty("completed").GetInt32());
        var runs = sweep.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(runIds, runs.Select(r => r.GetProperty("id").GetGuid()));
        for (var i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            var k = r.GetProperty("axes").GetProperty("data.classes").GetInt32();
            Assert.Equal(i < 2 ? 2 : 3, k);
            Assert.Equal("completed", r.GetProperty("status").GetString());
            Assert.Equal(k, r.GetProperty("classes").GetInt32());

            // The same numbers as the run's own results at "end": the Hessian's outliers, and its exact top eigenvalue.
            var runId = r.GetProperty("id").GetGuid();
            var outliers = (await server.Results.GetOutliersAsync(runId)).Single(o => o.Checkpoint == Checkpoints.End && o.Operator == CurvatureOperators.Hessian);
            var exact = (await server.Results.GetSpectraAsync(runId)).Single(s => s.Checkpoint == Checkpoints.End && s.Method == SpectrumMethods.Exact);
            // A count only where the spectrum showed a clear gap; "no clear gap" is flagged, never a number.
            Assert.Equal(outliers.NoClearGap, r.GetProperty("noClearGap").GetBoolean());
            Assert.Equal(outliers.ClearCount,
                r.TryGetProperty("outliers", out var count) && count.ValueKind == JsonValueKind.Number ? count.GetInt32() : null);
            Assert.Equal(exact.Eigenvalues[0], r.GetProperty("topEigenvalue").GetDouble());
            Assert.Equal(exact.Eigenvalues.Take(10), r.GetProperty("topEigenvalues").EnumerateArray().Select(v => v.GetDouble()));
            Assert.True(exact.Eigenvalues[0] > 0);
        }
    }
}
