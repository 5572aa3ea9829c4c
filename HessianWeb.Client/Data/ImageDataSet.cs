using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>MNIST or Fashion-MNIST from their IDX files: train-* for training, t10k-* for the test set (CIFAR-10: <see cref="Cifar10DataSet"/>).</summary>
/// <remarks>
/// The folder is the spec's, or else the first of $HESSIANWEB_DATA/{mnist,fashion-mnist} and
/// /usr/share/datasets/{mnist,fashion-mnist} (where Debian's dataset-fashion-mnist package installs) that holds the
/// training images. Each file may be raw or gzip-compressed (name.gz). Pixels are scaled to [0, 1], the classes
/// filtered to <see cref="DataSpec.ClassList"/> and relabelled 0..k−1 in its order, each set cut to the first
/// <see cref="DataSpec.PerClass"/> points of each class in file order, and the result standardised with the training
/// set's statistics. Every file is read and checked before any training starts.
/// </remarks>
public static class ImageDataSet
{
    public const string DataDirectoryVariable = "HESSIANWEB_DATA";
    const string DebianDatasets = "/usr/share/datasets";

    public static ClassificationData Load(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind is not (DataKind.Mnist or DataKind.FashionMnist)) throw new ArgumentOutOfRangeException(nameof(spec), $"{spec.Kind} is not an IDX image set.");
        var directory = spec.Directory ?? FindDirectory(spec.Kind);
        var classes = spec.ClassList ?? Enumerable.Range(0, SpecLimits.ImageClasses).ToArray();
        var train = Read(directory, "train", classes, spec.PerClass);
        var test = Read(directory, "t10k", classes, spec.PerClass);
        if (spec.Standardise) Standardisation.Apply(train, test);
        return new ClassificationData(train, test, classes.Length);
    }

    /// <summary>The folders searched, in order, when a spec names none.</summary>
    /// <remarks>CIFAR-10's folder is named as its binary tarball (cifar-10-binary.tar.gz) unpacks.</remarks>
    public static IReadOnlyList<string> SearchDirectories(DataKind kind)
    {
        var name = kind switch
        {
            DataKind.Mnist => "mnist",
            DataKind.FashionMnist => "fashion-mnist",
            DataKind.Cifar10 => "cifar-10-batches-bin",
            _ => throw new ArgumentOutOfRangeException(nameof(kind), $"{kind} is not an image set."),
        };
        var configured = Environment.GetEnvironmentVariable(DataDirectoryVariable);
        return string.IsNullOrWhiteSpace(configured)
            ? [Path.Combine(DebianDatasets, name)]
            : [Path.Combine(configured, name), Path.Combine(DebianDatasets, name)];
    }

    static string FindDirectory(DataKind kind) => FindDirectory(kind, "train-images-idx3-ubyte", "[.gz]");

    /// <summary>The first search folder that holds <paramref name="file"/> (or <paramref name="file"/>.gz when
    /// <paramref name="suffix"/> says so); none: the missing file in the first folder, naming the others searched.</summary>
    internal static string FindDirectory(DataKind kind, string file, string suffix = "")
    {
        var candidates = SearchDirectories(kind);
        foreach (var candidate in candidates)
            if (File.Exists(suffix.Length > 0 ? FileIn(candidate, file) : Path.Combine(candidate, file))) return candidate;
        var others = candidates.Count > 1 ? $"; also searched {string.Join(", ", candidates.Skip(1))}" : "";
        throw new DataFileException(Path.Combine(candidates[0], file + suffix),
            $"the file is missing{others}. Set {DataDirectoryVariable} or data.directory.");
    }

    /// <summary>name.gz when only it exists, else name (whose absence the reader reports).</summary>
    static string FileIn(string directory, string name)
    {
        var raw = Path.Combine(directory, name);
        return !File.Exists(raw) && File.Exists(raw + ".gz") ? raw + ".gz" : raw;
    }

    static LabelledPoints Read(string directory, string prefix, int[] classes, int? perClass)
    {
        var imagesPath = FileIn(directory, $"{prefix}-images-idx3-ubyte");
        var labelsPath = FileIn(directory, $"{prefix}-labels-idx1-ubyte");
        var (pixels, count, rows, columns) = IdxFile.ReadImages(imagesPath);
        var labels = IdxFile.ReadLabels(labelsPath);
        if (labels.Length != count)
            throw new DataFileException(labelsPath, $"count mismatch: {labels.Length:N0} labels for the {count:N0} images in {imagesPath}.");
        if (rows * columns != SpecLimits.ImagePixels)
            throw new DataFileException(imagesPath, $"images are {rows}×{columns}; expected 28×28.");
        var bad = Array.FindIndex(labels, l => l >= SpecLimits.ImageClasses);
        if (bad >= 0) throw new DataFileException(labelsPath, $"label {labels[bad]} at index {bad} is outside 0..{SpecLimits.ImageClasses - 1}.");

        return Subset(pixels, labels, SpecLimits.ImagePixels, classes, perClass);
    }

    /// <summary>
    /// The images of the listed classes, relabelled 0..k−1 in list order, at most <paramref name="perClass"/> of each (the
    /// first in order), scaled from bytes to [0, 1]. Image i is <c>pixels[i·d .. (i+1)·d)</c>; labels are already checked
    /// to be below <see cref="SpecLimits.ImageClasses"/>.
    /// </summary>
    internal static LabelledPoints Subset(byte[] pixels, byte[] labels, int d, int[] classes, int? perClass)
    {
        var newLabel = Enumerable.Repeat(-1, SpecLimits.ImageClasses).ToArray();
        for (var k = 0; k < classes.Length; k++) newLabel[classes[k]] = k;
        var taken = new int[classes.Length];
        var chosen = new List<int>();
        for (var i = 0; i < labels.Length; i++)
        {
            var label = newLabel[labels[i]];
            if (label < 0 || taken[label] >= (perClass ?? int.MaxValue)) continue;
            taken[label]++;
            chosen.Add(i);
        }

        var inputs = new double[(long)chosen.Count * d];
        for (var n = 0; n < chosen.Count; n++)
            for (var f = 0; f < d; f++)
                inputs[(long)n * d + f] = pixels[(long)chosen[n] * d + f] / 255.0;
        return new LabelledPoints(inputs, chosen.Select(i => newLabel[labels[i]]).ToArray(), d);
    }
}
