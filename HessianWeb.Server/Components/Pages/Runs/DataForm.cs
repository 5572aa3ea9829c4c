using HessianWeb.Shared.Specs;
using static HessianWeb.Server.Components.Pages.Runs.FieldParser;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// The form's data section as typed. It has one bound property per data field NewRun.razor shows, so more public
/// members than a class usually should.
/// </summary>
public sealed class DataForm
{
    public DataKind Kind { get; set; }
    /// <summary>Blobs only: scikit-learn's make_blobs bit for bit, or the xoshiro blobs.</summary>
    public DataGenerator Generator { get; set; }
    public string Classes { get; set; } = "";
    public string InputDim { get; set; } = "";
    public string TrainSize { get; set; } = "";
    public string TestSize { get; set; } = "";
    public string ClusterStd { get; set; } = "";
    public string Seed { get; set; } = "";
    public string ClustersPerClass { get; set; } = "";
    /// <summary>Empty: blob centres uniform in [−10, 10]^d.</summary>
    public string Separation { get; set; } = "";
    public string Noise { get; set; } = "";
    public string Factor { get; set; } = "";
    /// <summary>Empty: every point of each class.</summary>
    public string PerClass { get; set; } = "";
    /// <summary>Comma-separated; empty: all ten classes.</summary>
    public string ClassList { get; set; } = "";
    /// <summary>Empty: the worker's data folders.</summary>
    public string Directory { get; set; } = "";
    public bool Standardise { get; set; }

    /// <summary>The fields whose errors this section shows.</summary>
    internal static readonly string[] Shown =
    [
        SpecFields.Data.Kind, SpecFields.Data.Generator, SpecFields.Data.Classes, SpecFields.Data.InputDim, SpecFields.Data.TrainSize,
        SpecFields.Data.TestSize, SpecFields.Data.ClusterStd, SpecFields.Data.Seed, SpecFields.Data.ClustersPerClass, SpecFields.Data.Separation,
        SpecFields.Data.Noise, SpecFields.Data.Factor, SpecFields.Data.PerClass, SpecFields.Data.ClassList, SpecFields.Data.Directory,
    ];

    internal static DataForm From(DataSpec data) => new()
    {
        Kind = data.Kind,
        Generator = data.Generator,
        Classes = Text(data.Classes),
        InputDim = Text(data.InputDim),
        TrainSize = Text(data.TrainSize),
        TestSize = Text(data.TestSize),
        ClusterStd = Text(data.ClusterStd),
        Seed = Text(data.Seed),
        ClustersPerClass = Text(data.ClustersPerClass),
        Separation = data.Separation is { } separation ? Text(separation) : "",
        Noise = Text(data.Noise),
        Factor = Text(data.Factor),
        PerClass = data.PerClass is { } perClass ? Text(perClass) : "",
        ClassList = data.ClassList is { } classes ? string.Join(", ", classes) : "",
        Directory = data.Directory ?? "",
        Standardise = data.Standardise,
    };

    /// <summary>
    /// A field the chosen data set does not show keeps the value it came with: the data set ignores it, and what was
    /// typed there neither blocks the run nor is lost (it is back when that data set is chosen again).
    /// </summary>
    internal DataSpec Build(DataSpec b, FieldParser parse)
    {
        var blobs = Kind == DataKind.Blobs;
        var image = SpecLimits.IsImageSet(Kind);
        var twoD = Kind is DataKind.Moons or DataKind.Circles;
        var classList = b.ClassList;
        if (image)
        {
            classList = ClassList.Trim().Length == 0 ? null : Widths(ClassList);
            if (classList is null && ClassList.Trim().Length > 0)
            {
                parse.Unparsed[SpecFields.Data.ClassList] = [$"Give class numbers 0 to {SpecLimits.ImageClasses - 1} separated by commas, e.g. 3, 5 (leave empty for all ten)."];
                classList = b.ClassList;
            }
        }
        return b with
        {
            Kind = Kind,
            Generator = blobs ? Generator : b.Generator,
            Classes = blobs ? parse.Int(Classes, b.Classes, SpecFields.Data.Classes) : b.Classes,
            InputDim = blobs ? parse.Int(InputDim, b.InputDim, SpecFields.Data.InputDim) : b.InputDim,
            TrainSize = image ? b.TrainSize : parse.Int(TrainSize, b.TrainSize, SpecFields.Data.TrainSize),
            TestSize = image ? b.TestSize : parse.Int(TestSize, b.TestSize, SpecFields.Data.TestSize),
            ClusterStd = blobs ? parse.Real(ClusterStd, b.ClusterStd, SpecFields.Data.ClusterStd) : b.ClusterStd,
            Seed = image ? b.Seed : parse.Int(Seed, b.Seed, SpecFields.Data.Seed),
            ClustersPerClass = blobs ? parse.Int(ClustersPerClass, b.ClustersPerClass, SpecFields.Data.ClustersPerClass) : b.ClustersPerClass,
            Separation = !blobs ? b.Separation
                : Separation.Trim().Length == 0 ? null : parse.Real(Separation, b.Separation ?? 1, SpecFields.Data.Separation),
            Noise = twoD ? parse.Real(Noise, b.Noise, SpecFields.Data.Noise) : b.Noise,
            Factor = Kind == DataKind.Circles ? parse.Real(Factor, b.Factor, SpecFields.Data.Factor) : b.Factor,
            PerClass = !image ? b.PerClass
                : PerClass.Trim().Length == 0 ? null : parse.Int(PerClass, b.PerClass ?? 1, SpecFields.Data.PerClass),
            ClassList = classList,
            Directory = !image ? b.Directory : Directory.Trim().Length == 0 ? null : Directory.Trim(),
            Standardise = Standardise,
        };
    }
}
