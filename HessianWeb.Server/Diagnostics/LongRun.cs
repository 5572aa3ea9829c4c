using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Server.Diagnostics;

/// <summary>
/// A finished quickstart-shaped run of any length, written through <see cref="RunStore.AppendAsync"/> as a worker
/// reports one: the curvature at init and end (100 Lanczos iterations, each with its share of Ritz values and bounds, the
/// Lanczos top and bottom k, the exact spectrum of M = 109, an SLQ density of 10 probes on 1,001 points, a trace, the
/// outliers) and its epochs stored as the worker stores them (<see cref="EpochBuckets"/>). For the page-load command: how a run page's opening grows with the run's length.
/// </summary>
public static class LongRun
{
    const int Parameters = 109;
    const int Batch = 1_000;

    public static async Task<Guid> CreateAsync(RunStore store, int epochs, CancellationToken ct = default)
    {
        var run = await store.CreateAsync(new ExperimentSpec { Name = $"{epochs:N0} epochs", Training = new() { Epochs = epochs } }, ct);
        var payloads = new List<Func<RunEvent, RunEvent>>
        {
            e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Analysing, ParameterCount: Parameters) },
        };
        payloads.AddRange(Curvature(Checkpoints.Init, scale: 1));
        payloads.Add(e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training) });
        // As a worker stores them: every epoch up to 2,000, past that min/max/last buckets (EpochRecording).
        var buckets = new EpochBuckets(EpochRecording.BucketWidth(epochs),
            metrics => payloads.Add(e => e with { Kind = RunEventKind.Epoch, Epoch = metrics }));
        for (var epoch = 0; epoch <= epochs; epoch++)
        {
            var loss = Math.Log(4) * Math.Exp(-5.0 * epoch / epochs) + 0.01 + 0.002 * Math.Sin(epoch);
            buckets.Add(new EpochMetrics(epoch, loss, 1 - loss / 2, loss * 1.1, 1 - loss / 1.8, loss / 10));
        }
        buckets.Flush();
        payloads.Add(e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Analysing) });
        payloads.AddRange(Curvature(Checkpoints.End, scale: 3));
        payloads.Add(e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });

        var next = run.LastSequence + 1;
        foreach (var chunk in payloads.Chunk(Batch))
        {
            var events = chunk.Select(payload => payload(new RunEvent { RunId = run.Id, Sequence = next++, Kind = RunEventKind.Status })).ToList();
            await store.AppendAsync(events, ct);
        }
        return run.Id;
    }

    /// <summary>A spectrum of k − 1 = 3 outliers above a bulk near zero, times <paramref name="scale"/>, and what the analysis reports of it.</summary>
    static IEnumerable<Func<RunEvent, RunEvent>> Curvature(string checkpoint, double scale)
    {
        var exact = Enumerable.Range(0, Parameters).Select(i => scale * (i < 3 ? 3.0 - i * 0.7 : 0.05 * Math.Exp(-0.05 * i) - 0.001)).ToArray();
        const int steps = 100;
        for (var m = 1; m <= steps; m++)
        {
            // Iteration m's m Ritz values, spread over the spectrum's range and tightening onto its ends.
            var iteration = m;
            var ritz = Enumerable.Range(0, m).Select(i => exact[(int)((long)i * (Parameters - 1) / Math.Max(1, m - 1))] * (1 - 0.3 / iteration)).ToArray();
            var bounds = ritz.Select((_, i) => Math.Exp(-0.2 * iteration) * (1 + i)).ToArray();
            yield return e => e with { Kind = RunEventKind.Lanczos, Lanczos = RitzValueSample.Iteration(new LanczosIteration("", iteration, ritz, bounds, iteration), checkpoint, CurvatureOperators.Hessian, new AnalysisSpec()) };
        }
        var top = exact.Take(10).ToArray();
        var bottom = exact.TakeLast(5).Reverse().ToArray();
        yield return e => e with
        {
            Kind = RunEventKind.Spectrum,
            Spectrum = new SpectrumResult(checkpoint, SpectrumMethods.Lanczos, top, top.Select(_ => 1e-9).ToArray(), top.Select(_ => true).ToArray(), steps, steps,
                BottomEigenvalues: bottom, BottomResidualBounds: bottom.Select(_ => 1e-8).ToArray(), BottomConverged: bottom.Select(_ => true).ToArray()),
        };
        yield return e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(checkpoint, SpectrumMethods.Exact, exact) };
        var grid = Enumerable.Range(0, 1001).Select(i => scale * (-0.5 + 4.0 * i / 1000)).ToArray();
        double Density(double x, double shift) => exact.Sum(l => Math.Exp(-0.5 * Math.Pow((x - l - shift) / (0.04 * scale), 2))) / (Parameters * 0.04 * scale * Math.Sqrt(2 * Math.PI));
        var probes = Enumerable.Range(0, 10).Select(p => grid.Select(x => Density(x, 0.002 * (p - 5))).ToArray()).ToArray();
        var density = grid.Select((_, i) => probes.Average(p => p[i])).ToArray();
        yield return e => e with { Kind = RunEventKind.Density, Density = new DensityResult(checkpoint, CurvatureOperators.Hessian, grid, density, probes, 0.04 * scale, 10, 80, "rademacher", 800) };
        yield return e => e with { Kind = RunEventKind.Trace, Trace = new TraceResult(checkpoint, CurvatureOperators.Hessian, TraceMethods.Exact, exact.Sum(), 0, Parameters) };
        yield return e => e with { Kind = RunEventKind.Outliers, Outliers = new OutlierResult(checkpoint, CurvatureOperators.Hessian, 3, exact[3], 4, 12, "largest gap in log λ", SpectrumMethods.Exact, false) };
    }
}
