namespace HessianWeb.Client.Spectral;

/// <summary>Counts the outliers of a spectrum: the eigenvalues above the bulk's right edge.</summary>
/// <remarks>
/// <para>Method: the largest gap in log λ among the top eigenvalues. Sagun et al. (2017) see a bulk of eigenvalues near
/// zero and a few outliers far above it; on a log scale the step from the last outlier to the top of the bulk is the
/// widest. Of the eigenvalues given (all of them from the exact spectrum, or Lanczos's top K), we keep the positive ones
/// above <c>relativeFloor</c>·λ_max (below that, ratios between tiny eigenvalues of the bulk's zero-cluster are
/// meaningless), take the ratios λ_i/λ_{i+1} of consecutive ones, and put the edge under the largest ratio: Count = i,
/// BulkEdge = λ_{i+1}. Nothing is forced to the number of classes k; k and k − 1 are reported beside the count, and so
/// is the runner-up gap, because the gap blurs as the loss goes to zero.</para>
/// <para>With fewer than two eigenvalues above the floor the count is the number above it (0 or 1) and the edge is the
/// largest eigenvalue below it (or the floor itself).</para>
/// <para>An absolute floor, when given, is the rounding level of the matrix the eigenvalues come from: by Weyl's
/// inequality a computed eigenvalue is within ‖E‖ of the true one (E the matrix's rounding error), so eigenvalues below
/// ‖E‖ cannot be told from 0. Without it, an operator that is 0 in exact arithmetic (the residual R of a linear model)
/// would show "outliers" in its rounding noise, since the relative floor scales with that noise.</para>
/// </remarks>
public static class Outliers
{
    /// <param name="eigenvalues">Any order; at least one.</param>
    /// <param name="classes">k of the data, reported beside the count.</param>
    /// <param name="relativeFloor">Eigenvalues at or below this fraction of the largest are bulk, whatever the gaps.</param>
    /// <param name="absoluteFloor">Eigenvalues at or below this are bulk too: the rounding level of the eigenvalues (0: none).</param>
    /// <exception cref="ArgumentException">No eigenvalues, a NaN, a relative floor outside (0, 1) or a negative or
    /// non-finite absolute floor.</exception>
    public static OutlierEstimate FromEigenvalues(
        IReadOnlyList<double> eigenvalues, int? classes = null, double relativeFloor = 1e-3, double absoluteFloor = 0)
    {
        ArgumentNullException.ThrowIfNull(eigenvalues);
        if (eigenvalues.Count == 0) throw new ArgumentException("No eigenvalues.", nameof(eigenvalues));
        if (eigenvalues.Any(double.IsNaN)) throw new ArgumentException("An eigenvalue is NaN.", nameof(eigenvalues));
        if (!(relativeFloor > 0 && relativeFloor < 1)) throw new ArgumentException($"The floor {relativeFloor} must be between 0 and 1.", nameof(relativeFloor));
        if (!(absoluteFloor >= 0 && double.IsFinite(absoluteFloor)))
            throw new ArgumentException($"The absolute floor {absoluteFloor} must be a finite number, 0 or above.", nameof(absoluteFloor));

        var descending = eigenvalues.OrderByDescending(x => x).ToArray();
        var floor = Math.Max(relativeFloor * descending[0], absoluteFloor);
        var above = descending.TakeWhile(x => x > 0 && x > floor).ToArray();
        var method = $"largest gap in log λ among the {above.Length} eigenvalues above {relativeFloor:G3}·λ_max" +
            (absoluteFloor > 0 ? $" and the rounding level {absoluteFloor:G3}" : "") + $" (of {descending.Length} given)";
        if (above.Length < 2)
        {
            var edge = descending.Length > above.Length ? descending[above.Length] : floor;
            return new OutlierEstimate(above.Length, edge, double.PositiveInfinity, 1, method + "; fewer than two above the floor", classes,
                AtEndOfList: descending.Length == above.Length);
        }

        var ratios = Enumerable.Range(0, above.Length - 1).Select(i => above[i] / above[i + 1]).ToArray();
        var best = Array.IndexOf(ratios, ratios.Max());
        var runnerUp = ratios.Where((_, i) => i != best).DefaultIfEmpty(1).Max();
        return new OutlierEstimate(best + 1, above[best + 1], ratios[best], runnerUp, method, classes,
            AtEndOfList: best == ratios.Length - 1 && descending.Length == above.Length);
    }
}
