using System.Diagnostics;
using System.Text.Json;
using HessianWeb.Client.Curvature;
using HessianWeb.Client.Runs;
using HessianWeb.Client.Spectral;
using HessianWeb.Shared;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using TorchSharp;

namespace HessianWeb.Client.Bench;

/// <summary>
/// <c>bench model --file model.pt --data data.safetensors [--spec run.json] [--threads T]</c>: how long the Hessian's
/// Lanczos top/bottom-k and its SLQ density of an uploaded TorchScript model will take, before a run is launched.
/// </summary>
/// <remarks>
/// A prediction from two measurements, both on this machine with this model's dimension M: the median wall time of one
/// Hessian-vector product on the data (the run's own operator, <see cref="BatchedHessianVectorProduct"/>), and the time the
/// same Lanczos and SLQ code spends outside its products, measured by running them in full on a diagonal operator of
/// dimension M (whose products cost next to nothing) with the run's settings but no convergence stop. Predicted =
/// outside + products × product time: an upper bound in steps, since the run's Lanczos may stop once its Ritz values
/// converge. The spec (the run's, as posted; default the quickstart's analysis) gives the dtype, the analysis settings
/// and the seed; its data and model are replaced by the files.
/// </remarks>
public static class ModelBench
{
    static readonly JsonSerializerOptions Json = new(JsonFormat.Options) { WriteIndented = false };

    public static int Run(string[] args, TextWriter output)
    {
        string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        if (Arg("--file") is not { } file || Arg("--data") is not { } dataFile)
        {
            Console.Error.WriteLine("bench model --file model.pt --data data.safetensors|data.npz [--spec run.json] [--threads T] [--repeats R]");
            return 2;
        }
        var posted = Arg("--spec") is { } specFile ? JsonFormat.Deserialize<ExperimentSpec>(File.ReadAllText(specFile))! : new ExperimentSpec();
        var threads = int.TryParse(Arg("--threads"), out var t) && t > 0 ? t : Environment.ProcessorCount;
        var repeats = int.TryParse(Arg("--repeats"), out var r) && r > 0 ? r : 5;
        var (modelId, dataId) = (Guid.NewGuid(), Guid.NewGuid());
        var spec = posted with
        {
            Data = new DataSpec { Kind = DataKind.Tensors, File = dataId },
            Model = posted.Model with { Kind = ModelKind.Torchscript, File = modelId, Weights = null },
            Training = posted.Training with { Epochs = 0 },
        };
        var uploads = new LocalUploads(new Dictionary<Guid, LocalUpload>
        {
            [modelId] = new(file, UploadKind.Torchscript),
            [dataId] = new(dataFile, UploadFormats.Detect(dataFile)),
        });
        torch.set_num_threads(threads);
        using var setup = ExperimentSetup.Build(spec, torch.CPU, uploads);
        using var hessian = new BatchedHessianVectorProduct(setup.Objective);
        var m = hessian.Dimension;
        var v = Enumerable.Range(0, m).Select(i => Math.Sin(i + 1.0)).ToArray();
        var hv = new double[m];
        var hvpMs = Median.Interleaved(1, repeats, () => hessian.Apply(v, hv))[0];

        var analysis = spec.Analysis;
        var diagonal = new DiagonalOperator(m);
        // No convergence stop: every step the spec allows is taken, as a run's Lanczos takes at most.
        var extremes = AnalysisOptions.Extremes(analysis with { LanczosTolerance = double.Epsilon }, m, topVectors: false);
        var top = Outside(diagonal, op => Lanczos.ExtremeEigenvalues(op, extremes, _ => { }, CancellationToken.None).OperatorApplications);
        var density = analysis.Density.Enabled
            ? Outside(diagonal, op => StochasticLanczosQuadrature.Estimate(op, AnalysisOptions.Density(analysis, m), CancellationToken.None).OperatorApplications)
            : ((int, double)?)null;

        output.WriteLine(JsonSerializer.Serialize(new
        {
            bench = "model",
            file = Path.GetFileName(file),
            parameters = m,
            points = setup.Train.Count,
            dtype = spec.Model.Dtype,
            threads,
            hvpMs,
            lanczos = Prediction(top, hvpMs),
            density = density is { } d ? Prediction(d, hvpMs) : null,
        }, Json));
        return 0;
    }

    static object Prediction((int Products, double OutsideSeconds) part, double hvpMs) => new
    {
        products = part.Products,
        outsideSeconds = part.OutsideSeconds,
        predictedSeconds = part.OutsideSeconds + part.Products * hvpMs / 1000,
    };

    /// <summary>The wall time of <paramref name="algorithm"/> less the time inside its products, and how many it made.</summary>
    static (int Products, double OutsideSeconds) Outside(ISymmetricOperator op, Func<ISymmetricOperator, int> algorithm)
    {
        var timed = new TimedOperator(op);
        var clock = Stopwatch.StartNew();
        var products = algorithm(timed);
        return (products, (clock.Elapsed - timed.Elapsed).TotalSeconds);
    }

    /// <summary>diag(1, 1/2, 1/3, …): a spread spectrum, so Lanczos runs its steps as on a Hessian, at the cost of a scaling.</summary>
    sealed class DiagonalOperator(int dimension) : ISymmetricOperator
    {
        public int Dimension => dimension;

        public void Apply(ReadOnlySpan<double> vector, Span<double> result)
        {
            for (var i = 0; i < vector.Length; i++) result[i] = vector[i] / (i + 1);
        }
    }
}
