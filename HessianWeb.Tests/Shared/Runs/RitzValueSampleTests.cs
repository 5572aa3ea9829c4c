using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Shared.Runs;

public sealed class RitzValueSampleTests
{
    [Fact]
    public void An_iteration_that_fits_draws_every_value()
    {
        double[] ritz = [5, 4, 3, 2, 1];

        Assert.Equal(ritz, RitzValueSample.Of(ritz, new AnalysisSpec()));
    }

    [Fact]
    public void A_long_iteration_draws_its_top_and_bottom_k_and_some_between()
    {
        // The defaults: top 10, bottom 5, at most 100 steps, so 2,000 / 100 = 20 values an iteration.
        var analysis = new AnalysisSpec();
        var ritz = Enumerable.Range(0, 90).Select(i => 100.0 - i).ToArray();

        var drawn = RitzValueSample.Of(ritz, analysis);

        Assert.Equal(20, RitzValueSample.PerIteration(analysis));
        Assert.Equal(20, drawn.Count);
        Assert.Equal(ritz.Take(10), drawn.Take(10));
        Assert.Equal(ritz.TakeLast(5), drawn.TakeLast(5));
        Assert.All(drawn.Zip(drawn.Skip(1)), pair => Assert.True(pair.Second < pair.First));
    }

    [Fact]
    public void A_full_run_of_steps_stays_about_the_chart_budget()
    {
        foreach (var steps in new[] { 100, 1_000, 10_000 })
        {
            var analysis = new AnalysisSpec { LanczosMaxSteps = steps };
            var points = Enumerable.Range(1, steps).Where(m => RitzValueSample.Draws(m, analysis))
                .Sum(m => Math.Min(m, RitzValueSample.PerIteration(analysis)));

            Assert.InRange(points, 1, 2_100);
        }
    }

    [Fact]
    public void A_step_travels_with_its_share_of_values_each_beside_its_own_bound_and_the_count_it_had()
    {
        var analysis = new AnalysisSpec { LanczosK = 3, LanczosBottomK = 2, LanczosMaxSteps = 1_000 };
        var ritz = Enumerable.Range(0, 900).Select(i => 900.0 - i).ToArray();
        var bounds = ritz.Select(r => r / 1e6).ToArray();

        var step = RitzValueSample.Iteration(new LanczosIteration("", 900, ritz, bounds, 901), "end", CurvatureOperators.Hessian, analysis);

        Assert.Equal(5, step.RitzValues.Length); // max(3 + 2, 2,000 / 1,000)
        Assert.Equal(900, step.RitzCount);
        Assert.Equal([900.0, 899, 898, 2, 1], step.RitzValues);
        Assert.Equal(step.RitzValues.Select(r => r / 1e6), step.ResidualBounds);
    }
}
