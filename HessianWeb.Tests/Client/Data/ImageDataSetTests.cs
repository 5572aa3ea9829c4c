using System.Buffers.Binary;
using HessianWeb.Client.Data;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Data;

/// <summary>Reads Debian's dataset-fashion-mnist (test.sh installs it) and hand-made IDX files.</summary>
public sealed class ImageDataSetTests : IDisposable
{
    const string Debian = "/usr/share/datasets/fashion-mnist";
    readonly string folder = Directory.CreateTempSubdirectory("hessianweb-idx-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void Debians_fashion_mnist_loads_whole()
    {
        var data = DataSets.Load(new DataSpec { Kind = DataKind.FashionMnist, Directory = Debian });

        Assert.Equal(60_000, data.Train.Count);
        Assert.Equal(10_000, data.Test.Count);
        Assert.Equal(784, data.InputDim);
        Assert.Equal(10, data.Classes);
    }

    [Fact]
    public void A_per_class_subset_is_balanced_and_standardised_with_training_statistics()
    {
        // No directory: the default search finds Debian's install.
        var data = DataSets.Load(new DataSpec { Kind = DataKind.FashionMnist, PerClass = 100 });

        Assert.Equal(1_000, data.Train.Count);
        Assert.Equal(1_000, data.Test.Count);
        Assert.Equal(784, data.InputDim);
        Assert.All(data.Train.Labels.CountBy(l => l), p => Assert.Equal(100, p.Value));
        Assert.Equal(Enumerable.Range(0, 10), data.Train.Labels.Distinct().Order());
        var varying = 0;
        for (var f = 0; f < 784; f++)
        {
            var column = Enumerable.Range(0, data.Train.Count).Select(i => data.Train.Point(i)[f]).ToArray();
            var mean = column.Average();
            Assert.Equal(0, mean, 1e-9);
            var std = Math.Sqrt(column.Sum(x => (x - mean) * (x - mean)) / column.Length);
            if (std > 0) { varying++; Assert.Equal(1, std, 1e-9); }
        }
        Assert.True(varying > 700, $"{varying} of 784 pixels vary");
    }

    [Fact]
    public void A_class_list_keeps_those_classes_relabelled_in_list_order()
    {
        var spec = new DataSpec { Kind = DataKind.FashionMnist, Directory = Debian, ClassList = [7, 3], Standardise = false };
        var data = DataSets.Load(spec);
        var raw = IdxFile.ReadLabels(Path.Combine(Debian, "train-labels-idx1-ubyte.gz"));

        Assert.Equal(2, data.Classes);
        Assert.Equal(raw.Count(l => l == 7), data.Train.Labels.Count(l => l == 0));
        Assert.Equal(raw.Count(l => l == 3), data.Train.Labels.Count(l => l == 1));
        Assert.Equal(raw.Where(l => l is 3 or 7).Select(l => l == 7 ? 0 : 1), data.Train.Labels);
        Assert.All(data.Train.Inputs, x => Assert.InRange(x, 0, 1));
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var error = Assert.Throws<DataFileException>(() => DataSets.Load(new DataSpec { Kind = DataKind.Mnist, Directory = folder }));

        Assert.Equal(Path.Combine(folder, "train-images-idx3-ubyte"), error.FilePath);
        Assert.Contains("missing", error.Message);
        Assert.Contains(folder, error.Message);
    }

    [Fact]
    public void A_bad_magic_number_is_named()
    {
        WriteSet(images: Idx(0x00000801, [2, 28, 28], 2 * 784));

        var error = Assert.Throws<DataFileException>(Load);
        Assert.Equal(Path.Combine(folder, "train-images-idx3-ubyte"), error.FilePath);
        Assert.Contains("bad magic number 0x00000801", error.Message);
    }

    [Fact]
    public void A_truncated_file_is_named()
    {
        WriteSet(images: Idx(IdxFile.ImagesMagic, [2, 28, 28], 784 + 10));

        var error = Assert.Throws<DataFileException>(Load);
        Assert.Equal(Path.Combine(folder, "train-images-idx3-ubyte"), error.FilePath);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void More_labels_than_images_is_a_count_mismatch()
    {
        WriteSet(images: Idx(IdxFile.ImagesMagic, [2, 28, 28], 2 * 784), labels: Idx(IdxFile.LabelsMagic, [3], 3));

        var error = Assert.Throws<DataFileException>(Load);
        Assert.Equal(Path.Combine(folder, "train-labels-idx1-ubyte"), error.FilePath);
        Assert.Contains("count mismatch", error.Message);
    }

    [Fact]
    public void Well_formed_raw_files_load()
    {
        WriteSet(images: Idx(IdxFile.ImagesMagic, [2, 28, 28], 2 * 784), labels: Idx(IdxFile.LabelsMagic, [2], 2));

        var data = Load();
        Assert.Equal(2, data.Train.Count);
        Assert.Equal(2, data.Test.Count);
    }

    ClassificationData Load() => DataSets.Load(new DataSpec { Kind = DataKind.Mnist, Directory = folder });

    /// <summary>Writes train and t10k files; unnamed ones are two well-formed images or labels.</summary>
    void WriteSet(byte[]? images = null, byte[]? labels = null)
    {
        foreach (var prefix in new[] { "train", "t10k" })
        {
            File.WriteAllBytes(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), images ?? Idx(IdxFile.ImagesMagic, [2, 28, 28], 2 * 784));
            File.WriteAllBytes(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), labels ?? Idx(IdxFile.LabelsMagic, [2], 2));
        }
    }

    /// <summary>An IDX file: magic, big-endian dimensions, then <paramref name="dataBytes"/> bytes i mod 10.</summary>
    static byte[] Idx(int magic, int[] dims, int dataBytes)
    {
        var bytes = new byte[4 + 4 * dims.Length + dataBytes];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (var i = 0; i < dims.Length; i++) BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        for (var i = 0; i < dataBytes; i++) bytes[4 + 4 * dims.Length + i] = (byte)(i % 10);
        return bytes;
    }
}
