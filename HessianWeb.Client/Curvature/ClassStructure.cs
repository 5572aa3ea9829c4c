using System.Diagnostics;
using HessianWeb.Shared.Runs;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Curvature;

/// <summary>
/// The class/cross-class structure of the Gauss–Newton matrix G of a <see cref="TrainingObjective"/>: the eigenvalues of
/// its class-means term (the predicted outliers) and of its cross-class term, from C or C² averaged gradients.
/// </summary>
/// <remarks>
/// <para>What is implemented (Papyan 2020, "Traces of class/cross-class structure pervade deep learning spectra", JMLR;
/// Papyan 2019, "Measurements of three-level hierarchical structure in the outliers in the spectrum of deepnet Hessians",
/// ICML). For softmax cross-entropy H_ℓ,i = diag(p_i) − p_ip_iᵀ = Σ_c' p_{i,c'}(e_c' − p_i)(e_c' − p_i)ᵀ, so with
/// g_{i,c'} = √p_{i,c'}·J_iᵀ(e_c' − p_i) (J_i = ∂f(w, x_i)/∂w) G = (1/N)·Σ_i Σ_c' g_{i,c'}g_{i,c'}ᵀ. Grouping the points by
/// true class c (n_c of them, π_c = n_c/N) with δ_{c,c'} = (1/n_c)·Σ_{i∈c} g_{i,c'} gives exactly
/// G = G_class + G_cross + G_within, G_class = Σ_c π_c·δ_{c,c}δ_{c,c}ᵀ, G_cross = Σ_{c≠c'} π_c·δ_{c,c'}δ_{c,c'}ᵀ and
/// G_within = Σ_{c,c'} π_c·(1/n_c)·Σ_{i∈c}(g_{i,c'} − δ_{c,c'})(g_{i,c'} − δ_{c,c'})ᵀ (a second moment is the mean's outer
/// product plus the covariance). This split by (true class, logit) is the one of Papyan 2020; Papyan 2019 further splits
/// the C² means additively (a global mean, class means and cross-class interactions), which is not done here. The
/// equations above were written from the papers' descriptions, not checked here against their text.
/// For mean squared error H_ℓ = (2/C)·I = Σ_c' (√(2/C)·e_c')(√(2/C)·e_c')ᵀ and the same split is made with
/// g_{i,c'} = √(2/C)·J_iᵀe_c'.</para>
/// <para>How: δ_{c,c'} is the gradient of (1/n_c)·Σ_{i∈c} u_{i,c'}ᵀf(w, x_i) with u_{i,c'} = √p_{i,c'}(e_c' − p_i) held
/// constant, so no per-sample gradient is formed: per mini-batch, the rows of class c go forward once and backward once per
/// logit c'. The nonzero eigenvalues of Σ_a w_a·v_av_aᵀ are those of the Gram matrix K_ab = √(w_aw_b)·v_aᵀv_b, C×C for the
/// class term and C(C−1)×C(C−1) for the cross term; tr(G_class) and tr(G_cross) are their traces.</para>
/// <para>Memory: the C² vectors take C²·M float64. Above <c>budgetBytes</c> only the C class-term vectors are formed, and
/// above it for those too nothing is; the result says which (<see cref="ClassStructureResult.Scope"/>).</para>
/// </remarks>
public static class ClassStructure
{
    /// <summary>512 MiB: C = 10 classes' C² vectors up to M ≈ 670,000 parameters, the class term alone up to M ≈ 6.7 million.</summary>
    public const long DefaultBudgetBytes = 512L << 20;

    /// <param name="gaussNewtonTrace">tr(G) exactly, when known (the explicit G was formed): then tr(G_within) is the remainder.</param>
    /// <exception cref="OperationCanceledException">Between backward passes.</exception>
    public static ClassStructureResult Measure(
        TrainingObjective objective, string checkpoint, double? gaussNewtonTrace = null, long budgetBytes = DefaultBudgetBytes,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        var clock = Stopwatch.StartNew();
        var classes = objective.Classes;
        long m = objective.Dimension;
        var counts = ClassCounts(objective);
        var allBytes = checked((long)classes * classes * m * sizeof(double));
        var classBytes = checked(classes * m * sizeof(double));
        var loss = objective.Loss == LossFunction.CrossEntropy ? "crossEntropy" : "meanSquaredError";
        if (classBytes > budgetBytes)
            return new ClassStructureResult(checkpoint, classes, ClassStructureScopes.None, [], null, null, null, null, gaussNewtonTrace, null, counts,
                allBytes, budgetBytes, $"Not computed: even the C class means need {Gb(classBytes)}, over the budget of {Gb(budgetBytes)}.", loss, 0,
                clock.Elapsed.TotalSeconds);

        var cross = allBytes <= budgetBytes;
        using var scope = torch.NewDisposeScope();
        var (means, passes) = Means(objective, counts, cross, cancellationToken);
        var weights = Enumerable.Range(0, means.Count).Select(r => counts[cross ? r / classes : r] / (double)objective.Count).ToArray();
        var gram = WeightedGram(means, weights);
        var classRows = Enumerable.Range(0, classes).Select(c => cross ? c * classes + c : c).ToArray();
        var classTerm = Sub(gram, classRows);
        var classTrace = Trace(classTerm, classRows.Length);
        if (!cross)
            return new ClassStructureResult(checkpoint, classes, ClassStructureScopes.ClassOnly, Eigenvalues(classTerm, classes), null, null,
                classTrace, null, gaussNewtonTrace, null, counts, allBytes, budgetBytes,
                $"Class term only: the C² cross-class means need {Gb(allBytes)}, over the budget of {Gb(budgetBytes)}.", loss, passes,
                clock.Elapsed.TotalSeconds);

        var crossRows = Enumerable.Range(0, classes * classes).Where(r => r / classes != r % classes).ToArray();
        var crossTerm = Sub(gram, crossRows);
        var crossTrace = Trace(crossTerm, crossRows.Length);
        var all = Enumerable.Range(0, classes * classes).ToArray();
        return new ClassStructureResult(checkpoint, classes, ClassStructureScopes.ClassAndCross, Eigenvalues(classTerm, classes),
            Top(Eigenvalues(crossTerm, crossRows.Length)), Top(Eigenvalues(Sub(gram, all), all.Length)),
            classTrace, crossTrace, gaussNewtonTrace, gaussNewtonTrace - classTrace - crossTrace, counts, allBytes, budgetBytes, null, loss, passes,
            clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// The mean vectors δ_{c,c'} (row c·C + c'; with <paramref name="cross"/> false only δ_{c,c}, row c) as float64 rows, and
    /// the backward passes taken. Batches add in float64, in order, as the curvature operators' do.
    /// </summary>
    static (List<Tensor> Means, int Passes) Means(TrainingObjective objective, long[] counts, bool cross, CancellationToken cancellationToken)
    {
        var classes = objective.Classes;
        var device = objective.Parameters[0].device;
        var rows = cross ? classes * classes : classes;
        var means = Enumerable.Range(0, rows).Select(_ => torch.zeros(objective.Dimension, dtype: ScalarType.Float64, device: device)).ToList();
        var passes = 0;
        foreach (var batch in objective.Batches)
        {
            var labels = batch.Labels.cpu().data<long>().ToArray();
            for (var c = 0; c < classes; c++)
            {
                var members = Enumerable.Range(0, labels.Length).Where(i => labels[i] == c).Select(i => (long)i).ToArray();
                if (members.Length == 0) continue;
                using var classScope = torch.NewDisposeScope();
                var outputs = objective.Outputs(batch.Inputs.index_select(0, torch.tensor(members, device: batch.Inputs.device)));
                var probabilities = outputs.detach().softmax(1);
                foreach (var logit in cross ? Enumerable.Range(0, classes) : [c])
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var u = Direction(objective, probabilities, logit) / counts[c];
                    var gradient = VectorJacobianProduct.Of([outputs], objective.Parameters, [u], retainGraph: true);
                    means[cross ? c * classes + logit : c].add_(FlatVector.Concatenate(gradient));
                    passes++;
                }
            }
        }
        return (means, passes);
    }

    /// <summary>u_{i,c'} for every row i: √p_{i,c'}(e_c' − p_i) for cross-entropy, √(2/C)·e_c' for mean squared error.</summary>
    static Tensor Direction(TrainingObjective objective, Tensor probabilities, int logit)
    {
        if (objective.Loss == LossFunction.MeanSquaredError)
        {
            var unit = torch.zeros_like(probabilities);
            unit.select(1, logit).fill_(Math.Sqrt(2.0 / objective.Classes));
            return unit;
        }
        var u = -probabilities;
        u.select(1, logit).add_(1.0);
        return u * probabilities.select(1, logit).sqrt().unsqueeze(1);
    }

    /// <summary>K_ab = √(w_aw_b)·v_aᵀv_b, row-major float64.</summary>
    static double[] WeightedGram(List<Tensor> vectors, double[] weights)
    {
        var v = torch.stack(vectors) * torch.tensor(weights.Select(Math.Sqrt).ToArray(), dtype: ScalarType.Float64, device: vectors[0].device).unsqueeze(1);
        return v.matmul(v.t()).cpu().data<double>().ToArray();
    }

    static double[] Sub(double[] gram, int[] rows)
    {
        var n = (int)Math.Round(Math.Sqrt(gram.Length));
        var result = new double[rows.Length * rows.Length];
        for (var a = 0; a < rows.Length; a++)
            for (var b = 0; b < rows.Length; b++)
                result[a * rows.Length + b] = gram[rows[a] * n + rows[b]];
        return result;
    }

    static double Trace(double[] matrix, int n)
    {
        double trace = 0;
        for (var i = 0; i < n; i++) trace += matrix[i * n + i];
        return trace;
    }

    static double[] Eigenvalues(double[] matrix, int n) => ExactHessian.Eigenvalues(matrix, n, torch.CPU);

    static double[] Top(double[] descending) => descending.Take(ClassStructureScopes.MaxCrossEigenvalues).ToArray();

    static long[] ClassCounts(TrainingObjective objective)
    {
        var counts = new long[objective.Classes];
        foreach (var batch in objective.Batches)
            foreach (var label in batch.Labels.cpu().data<long>().ToArray()) counts[label]++;
        return counts;
    }

    static string Gb(long bytes) => $"{bytes / 1e9:0.###} GB";
}
