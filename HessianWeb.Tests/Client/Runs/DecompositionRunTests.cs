using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Runs;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>The quickstart with decomposition: H, the Gauss–Newton matrix G and the residual R = H − G, each analysed in full.</summary>
public class DecompositionRunTests(DecompositionRun run) : IClassFixture<DecompositionRun>
{
    static readonly string[] Operators = [CurvatureOperators.Hessian, CurvatureOperators.GaussNewton, CurvatureOperators.Residual];

    RecordingReporter Reporter => run.Reporter;

    [Fact]
    public void Each_checkpoint_analyses_h_then_g_then_r_completely()
    {
        foreach (var checkpoint in new[] { Checkpoints.Init, Checkpoints.End })
        {
            var outline = RecordedRun.Outline(Reporter.Reports)
                .Where(k => k.Contains($" {checkpoint} ", StringComparison.Ordinal) && !k.StartsWith("artifact", StringComparison.Ordinal)).ToList();
            var expected = Operators.SelectMany(op => new[]
            {
                $"lanczos-steps {checkpoint} {op}", $"spectrum {checkpoint} {op} lanczos", $"spectrum {checkpoint} {op} exact",
                $"density {checkpoint} {op}",
                $"trace {checkpoint} {op} hutchinson", $"trace {checkpoint} {op} hutchPlusPlus", $"trace {checkpoint} {op} exact",
                $"outliers {checkpoint} {op} exact",
            }).Append($"class-structure {checkpoint} classAndCross");
            Assert.Equal(expected, outline);
        }
    }

    [Fact]
    public void The_class_structure_uses_the_exact_trace_of_g_and_its_terms_lie_below_g()
    {
        foreach (var checkpoint in new[] { Checkpoints.Init, Checkpoints.End })
        {
            var structure = Assert.Single(Reporter.ClassStructures, s => s.Checkpoint == checkpoint);
            var g = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact, CurvatureOperators.GaussNewton).Eigenvalues;
            var trace = Reporter.TraceOf(checkpoint, TraceMethods.Exact, CurvatureOperators.GaussNewton).Value;
            Assert.Equal(trace, structure.GaussNewtonTrace);
            Assert.Equal(trace - structure.ClassTrace!.Value - structure.CrossTrace!.Value, structure.WithinTrace!.Value, 1e-12 * trace);
            // G_within is a sum of covariances, so tr(G_within) ≥ 0; and G_class ⪯ G_class + G_cross ⪯ G (every term is
            // positive semidefinite), so by Weyl λ_i(G_class) ≤ λ_i(means) ≤ λ_i(G) for each i.
            var slack = 1e-12 * g[0];
            Assert.True(structure.WithinTrace >= -slack, $"{checkpoint}: tr(G_within) = {structure.WithinTrace:R}");
            Assert.All(structure.ClassEigenvalues.Zip(structure.MeansEigenvalues!), p => Assert.True(p.First <= p.Second + slack));
            Assert.All(structure.MeansEigenvalues!.Zip(g), p => Assert.True(p.First <= p.Second + slack, $"{checkpoint}: {p.First:R} > λ(G) {p.Second:R}"));
            Assert.Equal(4, structure.ClassEigenvalues.Length);
        }
    }

    [Fact]
    public void The_exact_traces_add_up_and_g_is_positive_semidefinite()
    {
        foreach (var checkpoint in new[] { Checkpoints.Init, Checkpoints.End })
        {
            double Trace(string op) => Reporter.TraceOf(checkpoint, TraceMethods.Exact, op).Value;
            double[] Exact(string op) => Reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact, op).Eigenvalues;
            var (h, g, r) = (Trace(CurvatureOperators.Hessian), Trace(CurvatureOperators.GaussNewton), Trace(CurvatureOperators.Residual));

            Assert.True(Math.Abs(h - (g + r)) <= 1e-10 * Math.Abs(h), $"{checkpoint}: tr H = {h:R}, tr G + tr R = {g + r:R}");
            foreach (var op in Operators) // each trace is its own spectrum's sum
                Assert.Equal(Exact(op).Sum(), Trace(op), 1e-10 * Exact(op).Sum(Math.Abs));
            // Weyl's inequalities for H = G + R at both ends: λ_max(H) ≤ λ_max(G) + λ_max(R), λ_min(H) ≥ λ_min(G) + λ_min(R).
            var (hs, gs, rs) = (Exact(CurvatureOperators.Hessian), Exact(CurvatureOperators.GaussNewton), Exact(CurvatureOperators.Residual));
            var slack = 1e-12 * hs.Max(Math.Abs);
            Assert.True(hs[0] <= gs[0] + rs[0] + slack, $"{checkpoint}: λ_max {hs[0]:R} > {gs[0]:R} + {rs[0]:R}");
            Assert.True(hs[^1] >= gs[^1] + rs[^1] - slack, $"{checkpoint}: λ_min {hs[^1]:R} < {gs[^1]:R} + {rs[^1]:R}");
            var gaussNewton = gs;
            Assert.True(gaussNewton[^1] >= -1e-12 * gaussNewton[0], $"{checkpoint}: G's least eigenvalue {gaussNewton[^1]:R}");
        }
    }

    [Fact]
    public void Lanczos_finds_the_top_of_each_operator_and_streams_its_steps_under_the_operator()
    {
        foreach (var checkpoint in new[] { Checkpoints.Init, Checkpoints.End })
            foreach (var op in Operators)
            {
                var lanczos = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Lanczos, op);
                var exact = Reporter.SpectrumOf(checkpoint, SpectrumMethods.Exact, op).Eigenvalues;
                var scale = exact.Max(Math.Abs);
                Assert.All(lanczos.Converged!, Assert.True);
                for (var i = 0; i < 10; i++)
                    Assert.True(Math.Abs(lanczos.Eigenvalues[i] - exact[i]) <= 1e-8 * scale, $"{checkpoint} {op} #{i}: {lanczos.Eigenvalues[i]:R} vs {exact[i]:R}");
                // Every bottom Ritz value is within its bound of some eigenvalue (G's null space shows up once: single-vector Lanczos).
                for (var i = 0; i < lanczos.BottomEigenvalues!.Length; i++)
                {
                    var theta = lanczos.BottomEigenvalues[i];
                    Assert.True(exact.Min(l => Math.Abs(l - theta)) <= lanczos.BottomResidualBounds![i] + 1e-12 * scale, $"{checkpoint} {op} bottom #{i}");
                }
                Assert.Equal(lanczos.Iterations, Reporter.LanczosSteps.Count(s => s.Checkpoint == checkpoint && s.Operator == op));

                var density = Assert.Single(Reporter.Densities, d => d.Checkpoint == checkpoint && d.Operator == op);
                Assert.Equal(1, SpectralDensity.Trapezoid(density.Grid, density.Density), 1e-6);
            }
    }
}
