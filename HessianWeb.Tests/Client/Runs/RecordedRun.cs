using System.Runtime.InteropServices;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using TorchSharp;

namespace HessianWeb.Tests.Client.Runs;

/// <summary>A run through <see cref="RunExecutor"/> with everything it reported, made once per test class that shares it.</summary>
public abstract class RecordedRun
{
    public static readonly RunExecutor Executor = new(torch.CPU, threads: 2);

    protected RecordedRun(ExperimentSpec spec)
    {
        Spec = spec;
        Executor.Execute(spec, Reporter, CancellationToken.None);
    }

    public ExperimentSpec Spec { get; }
    internal RecordingReporter Reporter { get; } = new();

    /// <summary>The reports as kinds, with checkpoint, operator and method where they have them, runs of one kind merged.</summary>
    internal static List<string> Outline(IEnumerable<object> reports) => reports.Select(Describe).Aggregate(new List<string>(), (list, k) =>
    {
        if (list.Count == 0 || list[^1] != k) list.Add(k);
        return list;
    });

    static string Describe(object report) => report switch
    {
        StatusChange s => $"status {s.Status}/{s.Phase}",
        EpochMetrics => "epochs",
        LanczosIteration l => $"lanczos-steps {l.Checkpoint} {l.Operator}",
        SpectrumResult s => $"spectrum {s.Checkpoint} {s.Operator} {s.Method}",
        DensityResult d => $"density {d.Checkpoint} {d.Operator}",
        TraceResult t => $"trace {t.Checkpoint} {t.Operator} {t.Method}",
        OutlierResult o => $"outliers {o.Checkpoint} {o.Operator} {o.Source}",
        ClassStructureResult c => $"class-structure {c.Checkpoint} {c.Scope}",
        ArtifactResult a => $"artifact {a.Checkpoint} {a.Kind}",
        InterpolationPoint p => $"interpolation {p.Label}",
        _ => throw new ArgumentException($"Unknown report {report}."),
    };

    /// <summary>
    /// An assignment's reference to saved weights, for calling <see cref="RunExecutor.Analyse"/> directly with the weights in
    /// hand: nothing is downloaded here (the worker's <c>ArtifactTransfer</c> does that, tested over HTTP).
    /// </summary>
    internal static ArtifactReference NotDownloaded(string checkpoint) =>
        new(Guid.Empty, "not-downloaded.safetensors", checkpoint, ArtifactKinds.Weights, new string('0', 64), 0);

    internal static double[] Float64s(NamedTensor tensor)
    {
        Assert.Equal("float64", tensor.Dtype);
        Assert.True(BitConverter.IsLittleEndian, "the checks below read the bytes in this machine's order");
        return MemoryMarshal.Cast<byte, double>(tensor.Data).ToArray();
    }
}

/// <summary>The quickstart exactly as <c>new ExperimentSpec()</c> describes it.</summary>
public sealed class QuickstartRun() : RecordedRun(new ExperimentSpec());

/// <summary>The quickstart with the Gauss–Newton decomposition.</summary>
public sealed class DecompositionRun() : RecordedRun(new ExperimentSpec { Analysis = new AnalysisSpec { Decomposition = true } });
