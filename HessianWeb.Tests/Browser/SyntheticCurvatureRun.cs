using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Browser;

/// <summary>
/// The events of a finished run with the decomposition on, made up but shaped like the paper's: M = 109,
/// k = 4 classes, at each checkpoint a bulk near zero, three outliers carried by G, small negative
/// eigenvalues carried by R; Lanczos staircases converging onto the extremes; SLQ densities with probes.
/// </summary>
public static class SyntheticCurvatureRun
{
    public const int M = 109;
    public static readonly string[] CheckpointsInOrder = [Checkpoints.Init, "epoch-50", "epoch-100", Checkpoints.End, "end·2"];

    /// <param name="sharpness">Scales the outliers and how fast the loss falls: runs that differ, for the compare page.</param>
    /// <param name="noise">A relative wobble of the losses, which smoothing irons out.</param>
    public static IReadOnlyList<RunEvent> Events(Guid runId, double sharpness = 1, double noise = 0)
    {
        var payloads = new List<Func<RunEvent, RunEvent>>
        {
            e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Running, RunPhase.Training, ParameterCount: M) },
        };
        var random = new Random(3);
        for (var epoch = 1; epoch <= 120; epoch++)
        {
            var loss = (1.4 * Math.Exp(-epoch * sharpness / 30.0) + 0.02) * (1 + noise * Math.Sin(1.7 * epoch + sharpness));
            var e1 = epoch;
            payloads.Add(e => e with { Kind = RunEventKind.Epoch, Epoch = new EpochMetrics(e1, loss, 1 - loss / 1.6, loss * 1.1, 1 - loss / 1.5, loss / 5) });
        }
        for (var c = 0; c < CheckpointsInOrder.Length; c++)
        {
            var checkpoint = CheckpointsInOrder[c];
            // Training sharpens the outliers and shrinks R.
            var scale = sharpness * (1 + 2.0 * Math.Min(c, 3) / 3);
            var g = Spectrum(random, [4.0 * scale, 2.5 * scale, 1.6 * scale], 0.02, positive: true);
            var r = Spectrum(random, [], 0.05 / scale, positive: false);
            var h = g.Zip(r, (a, b) => a + b).OrderDescending().ToArray();
            payloads.Add(e => e with { Kind = RunEventKind.Artifact, Artifact = new ArtifactResult(checkpoint, ArtifactKinds.Weights, [], $"{checkpoint}.safetensors") });
            foreach (var (op, values) in new[] { (CurvatureOperators.Hessian, h), (CurvatureOperators.GaussNewton, g), (CurvatureOperators.Residual, r) })
            {
                foreach (var iteration in Staircase(values, 40))
                    payloads.Add(e => e with { Kind = RunEventKind.Lanczos, Lanczos = iteration with { Checkpoint = checkpoint, Operator = op } });
                payloads.Add(e => e with
                {
                    Kind = RunEventKind.Spectrum,
                    Spectrum = new SpectrumResult(checkpoint, SpectrumMethods.Lanczos, values.Take(10).ToArray(), Enumerable.Repeat(1e-9, 10).ToArray(),
                        Enumerable.Repeat(true, 10).ToArray(), 40, 40, 0.2, op, values.TakeLast(5).Reverse().ToArray(),
                        Enumerable.Repeat(3e-8, 5).ToArray(), Enumerable.Repeat(true, 5).ToArray()),
                });
                payloads.Add(e => e with { Kind = RunEventKind.Spectrum, Spectrum = new SpectrumResult(checkpoint, SpectrumMethods.Exact, values, HvpCount: M, Seconds: 0.1, Operator: op) });
                payloads.Add(e => e with { Kind = RunEventKind.Density, Density = Density(random, checkpoint, op, values) });
                payloads.Add(e => e with { Kind = RunEventKind.Trace, Trace = new TraceResult(checkpoint, op, TraceMethods.Hutchinson, values.Sum() + 0.3 * random.NextDouble(), 0.35, 30) });
                payloads.Add(e => e with { Kind = RunEventKind.Trace, Trace = new TraceResult(checkpoint, op, TraceMethods.HutchPlusPlus, values.Sum() + 0.05 * random.NextDouble(), 0.06, 30) });
                payloads.Add(e => e with { Kind = RunEventKind.Trace, Trace = new TraceResult(checkpoint, op, TraceMethods.Exact, values.Sum(), 0, M) });
                if (op != CurvatureOperators.Residual)
                    payloads.Add(e => e with
                    {
                        Kind = RunEventKind.Outliers,
                        Outliers = new OutlierResult(checkpoint, op, 3, values[3], 4, values[2] / values[3],
                            $"largest gap in log λ among the {values.Count(v => v > 1e-3 * values[0])} eigenvalues above 0.001·λ_max (of {M} given)",
                            SpectrumMethods.Exact, false),
                    });
            }
        }
        payloads.Add(e => e with { Kind = RunEventKind.Status, Status = new StatusChange(RunStatus.Completed) });
        return payloads.Select((p, i) => p(new RunEvent { RunId = runId, Sequence = i + 1, Kind = RunEventKind.Status })).ToList();
    }

    /// <summary>M eigenvalues, descending: the outliers, then a bulk of |N(0, width²)|-like values (both signs unless positive).</summary>
    static double[] Spectrum(Random random, double[] outliers, double width, bool positive)
    {
        var bulk = Enumerable.Range(0, M - outliers.Length).Select(_ =>
        {
            var v = width * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return positive ? Math.Abs(v) * 0.5 : v;
        });
        return outliers.Concat(bulk).OrderDescending().ToArray();
    }

    /// <summary>Ritz values that interlace toward the spectrum's ends: m evenly spaced eigenvalues pulled in from the extremes.</summary>
    static IEnumerable<LanczosIteration> Staircase(double[] eigenvalues, int steps)
    {
        for (var m = 1; m <= steps; m++)
        {
            var pull = Math.Exp(-m / 6.0);
            var ritz = Enumerable.Range(0, m).Select(j => eigenvalues[m == 1 ? 0 : (int)Math.Round(j * (eigenvalues.Length - 1.0) / (m - 1))])
                .Select((v, j) => v * (1 - pull * (j == 0 || j == m - 1 ? 0.5 : 0.2))).ToArray();
            var bounds = ritz.Select((_, j) => Math.Pow(10, -m / 4.0 + Math.Min(j, m - 1 - j) * 0.4)).ToArray();
            yield return new LanczosIteration("", m, ritz, bounds, m);
        }
    }

    static DensityResult Density(Random random, string checkpoint, string op, double[] eigenvalues)
    {
        const int points = 1001;
        var lo = eigenvalues.Min() - 0.3;
        var hi = eigenvalues.Max() + 0.3;
        var width = 0.01 * (hi - lo);
        var grid = Enumerable.Range(0, points).Select(i => lo + (hi - lo) * i / (points - 1)).ToArray();
        double Broadened(double x, IEnumerable<(double Node, double Weight)> nodes) =>
            nodes.Sum(n => n.Weight * Math.Exp(-0.5 * Math.Pow((x - n.Node) / width, 2)) / (width * Math.Sqrt(2 * Math.PI)));
        var probes = Enumerable.Range(0, 10).Select(_ =>
        {
            var weights = eigenvalues.Select(_ => 0.2 + random.NextDouble()).ToArray();
            var total = weights.Sum();
            var nodes = eigenvalues.Zip(weights, (v, w) => (v, w / total)).ToList();
            return grid.Select(x => Broadened(x, nodes)).ToArray();
        }).ToArray();
        var mean = grid.Select((_, i) => probes.Average(p => p[i])).ToArray();
        return new DensityResult(checkpoint, op, grid, mean, probes, width, 10, 80, "rademacher", 800, 0.4);
    }
}
