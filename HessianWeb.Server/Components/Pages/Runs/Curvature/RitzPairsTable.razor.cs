using System.Globalization;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Runs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.Curvature;

public sealed partial class RitzPairsTable
{
    [Parameter, EditorRequired] public RunProgress Progress { get; set; } = default!;
    [Parameter, EditorRequired] public string Operator { get; set; } = CurvatureOperators.Hessian;
    [Parameter] public string? Checkpoint { get; set; }

    SpectrumResult? Result => Progress.Spectra.LastOrDefault(s =>
        s.Checkpoint == Checkpoint && s.Operator == Operator && s.Method == SpectrumMethods.Lanczos);

    sealed record Row(string Label, double Value, double? Bound, bool? Converged);

    /// <summary>λ₁ … λ_k from the top, then λ_M, λ_M−1, … from the bottom.</summary>
    static IEnumerable<Row> Rows(SpectrumResult s) =>
        s.Eigenvalues.Select((v, i) => new Row($"λ{Subscript(i + 1)}", v, At(s.ResidualBounds, i), At(s.Converged, i)))
            .Concat((s.BottomEigenvalues ?? []).Select((v, j) =>
                new Row(j == 0 ? "λ_M" : $"λ_M−{j}", v, At(s.BottomResidualBounds, j), At(s.BottomConverged, j))));

    static T? At<T>(T[]? values, int i) where T : struct => values is not null && i < values.Length ? values[i] : null;

    static string Subscript(int n) => string.Concat(n.ToString(CultureInfo.InvariantCulture).Select(c => (char)('₀' + (c - '0'))));
}
