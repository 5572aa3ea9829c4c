using HessianWeb.Client.Curvature;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using MathNet.Numerics.LinearAlgebra;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Tests.Client.Curvature;

/// <summary>
/// <see cref="ClassStructure"/> against G's class/cross/within split formed densely from per-sample vectors g_{i,c'}
/// (<see cref="ClassStructureReference"/>). Tolerances: eigenvalues to 1e-10 of the term's largest, traces to 1e-10 of
/// tr(G); the split itself adds up to G to 1e-12 of G's largest entry.
/// </summary>
public class ClassStructureTests
{
    public static TheoryData<LossFunction, int?, int?> LinearCases => new()
    {
        { LossFunction.CrossEntropy, null, null },
        { LossFunction.CrossEntropy, 31, 7 }, // a seeded sub-sample in mini-batches, some missing a class
        { LossFunction.MeanSquaredError, null, null },
    };

    [Theory]
    [MemberData(nameof(LinearCases))]
    public void On_a_linear_softmax_model_the_terms_match_the_dense_split_of_g_which_equals_h(LossFunction loss, int? size, int? batchSize)
    {
        var (model, train) = CurvatureFixtures.Model([], classes: 4, inputDim: 3, trainSize: 40, initStd: 0.5, seed: 1);
        using var _ = model;
        using var __ = train;
        using var objective = TrainingObjective.Of(model, train, loss, new CurvatureSample(size, batchSize, Seed: 2));
        var (inputs, labels) = Sampled(objective, train);
        double[][] probabilities;
        using (torch.no_grad())
        using (var x = torch.tensor(inputs.SelectMany(r => r).ToArray(), [inputs.Length, 3], dtype: ScalarType.Float64))
            probabilities = ClassStructureReference.Rows(model.forward(x).softmax(1));
        var split = ClassStructureReference.Decompose(ClassStructureReference.LinearModelVectors(inputs, probabilities, loss), labels, 4);

        var g = CurvatureFixtures.Square(ExactCurvature.GaussNewton(objective));
        Assert.True(CurvatureFixtures.RelativeDifference(split.Total, g) <= 1e-12, "G = G_class + G_cross + G_within");
        if (loss == LossFunction.CrossEntropy)
            Assert.True(CurvatureFixtures.RelativeDifference(CurvatureFixtures.Square(ExactCurvature.Hessian(objective)), g) <= 1e-10, "H = G for a linear model");

        var result = ClassStructure.Measure(objective, "end", g.Trace());
        AssertMatches(split, result, 4, g.Trace());
    }

    [Theory]
    [InlineData(LossFunction.CrossEntropy)]
    [InlineData(LossFunction.MeanSquaredError)]
    public void On_a_nonlinear_mlp_the_gram_route_equals_the_dense_terms_from_per_sample_gradients(LossFunction loss)
    {
        var (model, train) = CurvatureFixtures.Model([5, 4], classes: 3, trainSize: 30, activation: Activation.Tanh, seed: 4);
        using var _ = model;
        using var __ = train;
        using var objective = TrainingObjective.Of(model, train, loss, new CurvatureSample(BatchSize: 11));
        var split = ClassStructureReference.Decompose(
            ClassStructureReference.AutogradVectors(model, train.Inputs, loss), train.Labels.data<long>().ToArray(), 3);

        var g = CurvatureFixtures.Square(ExactCurvature.GaussNewton(objective));
        Assert.True(CurvatureFixtures.RelativeDifference(split.Total, g) <= 1e-12, "G = G_class + G_cross + G_within");
        var result = ClassStructure.Measure(objective, "init", g.Trace());
        AssertMatches(split, result, 3, g.Trace());
        // One backward pass per class present in a mini-batch, per logit.
        Assert.Equal(train.Labels.data<long>().ToArray().Chunk(11).Sum(b => b.Distinct().Count()) * 3, result.Passes);
    }

    [Fact]
    public void Over_the_budget_the_class_term_alone_is_computed_and_below_that_nothing()
    {
        var (model, train) = CurvatureFixtures.Model([4], classes: 3, trainSize: 24, seed: 5);
        using var _ = model;
        using var __ = train;
        using var objective = TrainingObjective.Of(model, train);
        var classBytes = 3L * objective.Dimension * sizeof(double);

        var full = ClassStructure.Measure(objective, "end");
        var classOnly = ClassStructure.Measure(objective, "end", budgetBytes: classBytes);
        var none = ClassStructure.Measure(objective, "end", budgetBytes: classBytes - 1);

        Assert.Equal(ClassStructureScopes.ClassAndCross, full.Scope);
        Assert.Null(full.Note);
        Assert.Equal(ClassStructureScopes.ClassOnly, classOnly.Scope);
        Assert.Null(classOnly.CrossEigenvalues);
        Assert.Null(classOnly.CrossTrace);
        Assert.StartsWith("Class term only: the C² cross-class means need", classOnly.Note);
        var scale = full.ClassEigenvalues[0];
        Assert.All(full.ClassEigenvalues.Zip(classOnly.ClassEigenvalues), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-12 * scale));
        Assert.Equal(3, classOnly.Passes);
        Assert.Equal(9, full.Passes);

        Assert.Equal(ClassStructureScopes.None, none.Scope);
        Assert.Empty(none.ClassEigenvalues);
        Assert.Equal(0, none.Passes);
        Assert.StartsWith("Not computed: even the C class means need", none.Note);
        Assert.Equal(9L * objective.Dimension * sizeof(double), none.VectorBytes);
    }

    static void AssertMatches(ClassStructureReference.Split split, ClassStructureResult result, int classes, double gaussNewtonTrace)
    {
        Assert.Equal(ClassStructureScopes.ClassAndCross, result.Scope);
        Assert.Equal(classes, result.ClassEigenvalues.Length);
        AssertEigenvalues(ClassStructureReference.Eigenvalues(split.Class), result.ClassEigenvalues, "class");
        AssertEigenvalues(ClassStructureReference.Eigenvalues(split.Cross), result.CrossEigenvalues!, "cross");
        AssertEigenvalues(ClassStructureReference.Eigenvalues(split.Class + split.Cross), result.MeansEigenvalues!, "means");
        var tolerance = 1e-10 * gaussNewtonTrace;
        Assert.True(Math.Abs(result.ClassTrace!.Value - split.Class.Trace()) <= tolerance, $"tr(G_class) {result.ClassTrace:R} vs {split.Class.Trace():R}");
        Assert.True(Math.Abs(result.CrossTrace!.Value - split.Cross.Trace()) <= tolerance, $"tr(G_cross) {result.CrossTrace:R} vs {split.Cross.Trace():R}");
        Assert.True(Math.Abs(result.WithinTrace!.Value - split.Within.Trace()) <= tolerance, $"tr(G_within) {result.WithinTrace:R} vs {split.Within.Trace():R}");
    }

    /// <summary>The reported (descending) values against the dense matrix's largest ones, to 1e-10 of its λ_max; the rest of
    /// the dense spectrum is zero to that level (the term's rank is at most the number of vectors).</summary>
    static void AssertEigenvalues(double[] dense, double[] reported, string term)
    {
        var scale = dense[0];
        Assert.True(scale > 0, $"{term}: the term must not vanish");
        for (var i = 0; i < dense.Length; i++)
        {
            var expected = i < reported.Length ? reported[i] : 0;
            Assert.True(Math.Abs(dense[i] - expected) <= 1e-10 * scale, $"{term} λ_{i}: dense {dense[i]:R} vs {expected:R} (λ_max {scale:R})");
        }
    }

    static (double[][] Inputs, long[] Labels) Sampled(TrainingObjective objective, HessianWeb.Client.Data.DataTensors train)
    {
        var all = ClassStructureReference.Rows(train.Inputs);
        var labels = train.Labels.data<long>().ToArray();
        return (objective.SampleIndices.Select(i => all[i]).ToArray(), objective.SampleIndices.Select(i => labels[i]).ToArray());
    }
}
