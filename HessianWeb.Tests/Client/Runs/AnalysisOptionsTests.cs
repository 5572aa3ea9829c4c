using HessianWeb.Client.Runs;
using HessianWeb.Client.Spectral;
using HessianWeb.Shared.Specs;
using HessianWeb.Tests.Client.Spectral;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>The spec's reorthogonalisation reaches every Lanczos run of a checkpoint's analysis and of an interpolation.</summary>
public sealed class AnalysisOptionsTests
{
    [Theory]
    [InlineData(Reorthogonalisation.Full)]
    [InlineData(Reorthogonalisation.Selective)]
    public void The_specs_mode_reaches_lanczos_and_the_density(Reorthogonalisation mode)
    {
        var analysis = new AnalysisSpec { Reorthogonalisation = mode, LanczosK = 20, LanczosBottomK = 3 };

        var extremes = AnalysisOptions.Extremes(analysis, dimension: 12, topVectors: true);
        var density = AnalysisOptions.Density(analysis, dimension: 12);
        var top = AnalysisOptions.TopEigenvalue(analysis, dimension: 12);

        Assert.Equal(new LanczosOptions(12, analysis.LanczosMaxSteps, analysis.LanczosTolerance, analysis.Seed, BottomK: 3, TopVectors: true, Reorthogonalisation: mode), extremes);
        Assert.Equal(mode, density.Reorthogonalisation);
        Assert.Equal(12, density.Steps);
        Assert.Equal(new LanczosOptions(1, 12, analysis.LanczosTolerance, analysis.Seed, Reorthogonalisation: mode), top);
    }

    [Fact]
    public void A_selective_spec_runs_selective_lanczos_which_sweeps_the_basis_less_often_for_the_same_eigenvalues()
    {
        // LanczosExtremesTests' small relative gaps at both ends: enough steps to lose orthogonality.
        var eigenvalues = new[] { 10, 9.8, 9.6, 9.4 }.Concat(Enumerable.Range(0, 396).Select(i => -1 + 10.0 * i / 395)).ToArray();
        var matrix = new double[eigenvalues.Length, eigenvalues.Length];
        for (var i = 0; i < eigenvalues.Length; i++) matrix[i, i] = eigenvalues[i];
        var op = new DenseSymmetricOperator(matrix);
        var analysis = new AnalysisSpec { Reorthogonalisation = Reorthogonalisation.Selective, LanczosK = 6, LanczosBottomK = 3, LanczosMaxSteps = 400, LanczosTolerance = 1e-10 };

        var selective = Lanczos.ExtremeEigenvalues(op, AnalysisOptions.Extremes(analysis, op.Dimension, topVectors: false));
        var full = Lanczos.ExtremeEigenvalues(op, AnalysisOptions.Extremes(analysis with { Reorthogonalisation = Reorthogonalisation.Full }, op.Dimension, topVectors: false));

        Assert.True(selective.Sweeps < full.Sweeps / 3, $"selective {selective.Sweeps} sweeps, full {full.Sweeps}");
        Assert.Equal(10, selective.Top[0].Value, 1e-8);
        Assert.Equal(-1, selective.Bottom[0].Value, 1e-8);
    }
}
