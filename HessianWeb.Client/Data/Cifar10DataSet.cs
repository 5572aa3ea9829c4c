using HessianWeb.Shared.Specs;

namespace HessianWeb.Client.Data;

/// <summary>CIFAR-10 from its binary batches: data_batch_1.bin … data_batch_5.bin for training, test_batch.bin for the test set.</summary>
/// <remarks>
/// The folder is the spec's, or else the first of $HESSIANWEB_DATA/cifar-10-batches-bin and
/// /usr/share/datasets/cifar-10-batches-bin that holds data_batch_1.bin (<see cref="ImageDataSet.SearchDirectories"/>).
/// The training set is the five batches in order; everything else is as for MNIST (<see cref="ImageDataSet"/>): values
/// scaled to [0, 1], classes filtered and relabelled, the first <see cref="DataSpec.PerClass"/> of each class, then
/// standardised per value with the training set's statistics. Every file is read and checked before any training starts.
/// </remarks>
public static class Cifar10DataSet
{
    public static readonly IReadOnlyList<string> TrainingFiles = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];
    public const string TestFile = "test_batch.bin";

    public static ClassificationData Load(DataSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Kind != DataKind.Cifar10) throw new ArgumentOutOfRangeException(nameof(spec), $"{spec.Kind} is not CIFAR-10.");
        var directory = spec.Directory ?? ImageDataSet.FindDirectory(DataKind.Cifar10, TrainingFiles[0]);
        var classes = spec.ClassList ?? Enumerable.Range(0, SpecLimits.ImageClasses).ToArray();
        var batches = TrainingFiles.Select(name => CifarBatchFile.Read(Path.Combine(directory, name))).ToArray();
        var test = CifarBatchFile.Read(Path.Combine(directory, TestFile));
        var train = ImageDataSet.Subset(Concat(batches.Select(b => b.Pixels)), Concat(batches.Select(b => b.Labels)), SpecLimits.CifarValues, classes, spec.PerClass);
        var testPoints = ImageDataSet.Subset(test.Pixels, test.Labels, SpecLimits.CifarValues, classes, spec.PerClass);
        if (spec.Standardise) Standardisation.Apply(train, testPoints);
        return new ClassificationData(train, testPoints, classes.Length);
    }

    static byte[] Concat(IEnumerable<byte[]> parts)
    {
        var all = parts.ToArray();
        var joined = new byte[all.Sum(p => (long)p.Length)];
        long offset = 0;
        foreach (var part in all)
        {
            part.CopyTo(joined.AsSpan(checked((int)offset)));
            offset += part.Length;
        }
        return joined;
    }
}
