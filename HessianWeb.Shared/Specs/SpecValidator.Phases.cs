using HessianWeb.Shared.Runs;

namespace HessianWeb.Shared.Specs;

/// <summary>Training phases and loss interpolations, keyed by their place in the lists (<c>training.phases[1].batchSize</c>).</summary>
public static partial class SpecValidator
{
    public const int MaxPhases = 20;
    public const int MaxPhaseNameLength = 40;
    public const int MaxInterpolations = 20;
    public const int MaxInterpolationPoints = 1_001;
    /// <summary>|α| beyond this is far outside any basin the line could say something about.</summary>
    public const double MaxAbsAlpha = 100;

    static void ValidatePhases(TrainingSpec t, DataSpec d, Action<string, string> fail)
    {
        if (t.Phases is not { } phases) return;
        if (phases.Length > MaxPhases) fail(SpecFields.Training.Phases, $"At most {MaxPhases} phases.");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < phases.Length; i++)
        {
            var at = SpecFields.Phase.At(i);
            var phase = phases[i];
            if (phase is null) { fail(at, "A phase must be an object with at least a name."); continue; }
            if (PhaseNameProblem(phase.Name) is { } problem) fail(SpecFields.Phase.At(i, SpecFields.Phase.Name), problem);
            else if (!names.Add(phase.Name)) fail(SpecFields.Phase.At(i, SpecFields.Phase.Name), $"Another phase is already named '{phase.Name}'; names must be unique.");
            if (phase.FullBatch && phase.BatchSize is not null)
                fail(SpecFields.Phase.At(i, SpecFields.Phase.BatchSize), "Give a batch size or fullBatch: true, not both.");

            // The merged settings are checked as the base's are; only what the phase sets is reported at the phase.
            var overridden = phase.Overridden();
            ValidateTraining(phase.ApplyTo(t), d, (field, message) =>
            {
                var name = field[(SpecFields.Training.Section.Length + 1)..];
                if (overridden.Contains(name)) fail(SpecFields.Phase.At(i, name), message);
            });
        }
    }

    static string? PhaseNameProblem(string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "Name the phase (it labels its epochs and checkpoints, e.g. \"lb\").";
        if (name.Length > MaxPhaseNameLength) return $"A phase name must be at most {MaxPhaseNameLength} characters.";
        if (!name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            return "A phase name may hold only letters, digits, '-' and '_' (it becomes part of checkpoint names such as \"lb:end\").";
        if (name is Checkpoints.Init or Checkpoints.End) return $"'{name}' names a checkpoint already; choose another phase name.";
        return null;
    }

    /// <summary>The checkpoints every run of this spec that finishes training saves weights at, in order.</summary>
    public static IReadOnlyList<string> GuaranteedCheckpoints(TrainingSpec training)
    {
        var list = new List<string> { Checkpoints.Init };
        if (training.Phases is { Length: > 1 } phases)
            list.AddRange(phases[..^1].Select(p => Checkpoints.InPhase(p?.Name, Checkpoints.End)));
        list.Add(Checkpoints.End);
        return list;
    }

    static void ValidateInterpolations(ExperimentSpec spec, Action<string, string> fail)
    {
        if (spec.Analysis.Interpolations is not { } lines) return;
        if (lines.Length > MaxInterpolations) fail(SpecFields.Analysis.Interpolations, $"At most {MaxInterpolations} interpolations.");
        var checkpoints = spec.Training is null ? [Checkpoints.Init, Checkpoints.End] : GuaranteedCheckpoints(spec.Training);
        for (var i = 0; i < lines.Length; i++)
        {
            var at = SpecFields.Interpolation.At(i);
            if (lines[i] is not { } line) { fail(at, "An interpolation must be an object, e.g. { \"from\": \"init\", \"to\": \"end\" }."); continue; }
            foreach (var (end, field) in new[] { (line.From, SpecFields.Interpolation.From), (line.To, SpecFields.Interpolation.To) })
                if (Checkpoints.UploadOf(end) is not null)
                {
                    if (!SpecLimits.IsUploaded(spec.Model.Kind))
                        fail($"{at}.{field}", "Only a run of an uploaded model (sequential or torchscript) interpolates to uploaded weights.");
                }
                else if (string.IsNullOrWhiteSpace(end) || !checkpoints.Contains(end))
                    fail($"{at}.{field}", $"Interpolate between checkpoints every run of this spec saves ({string.Join(", ", checkpoints)}), or, for an uploaded model, to uploaded weights (upload-<id>).");
            if (line.From == line.To && !string.IsNullOrWhiteSpace(line.From))
                fail($"{at}.{SpecFields.Interpolation.To}", "The two ends are the same checkpoint; the line would be a single point.");
            ValidateLine(line, at + ".", fail);
        }
    }

    /// <summary>The α grid: points and range, keyed <paramref name="prefix"/> + "points" (the API's request uses no prefix).</summary>
    public static void ValidateLine(InterpolationSpec line, string prefix, Action<string, string> fail)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(fail);
        Range(line.Points, 2, MaxInterpolationPoints, prefix + SpecFields.Interpolation.Points, "The number of points", fail);
        var minOk = double.IsFinite(line.AlphaMin) && Math.Abs(line.AlphaMin) <= MaxAbsAlpha;
        var maxOk = double.IsFinite(line.AlphaMax) && Math.Abs(line.AlphaMax) <= MaxAbsAlpha;
        if (!minOk) fail(prefix + SpecFields.Interpolation.AlphaMin, $"α min must be a finite number between −{MaxAbsAlpha} and {MaxAbsAlpha}.");
        if (!maxOk) fail(prefix + SpecFields.Interpolation.AlphaMax, $"α max must be a finite number between −{MaxAbsAlpha} and {MaxAbsAlpha}.");
        if (minOk && maxOk && line.AlphaMin >= line.AlphaMax) fail(prefix + SpecFields.Interpolation.AlphaMax, "α max must be above α min.");
    }
}
