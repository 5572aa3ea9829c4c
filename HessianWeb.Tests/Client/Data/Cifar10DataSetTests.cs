using HessianWeb.Client.Data;
using HessianWeb.Shared.Specs;

namespace HessianWeb.Tests.Client.Data;

/// <summary>CIFAR-10 from small synthetic binary batches written to a temporary folder (the real set is not on this machine).</summary>
public sealed class Cifar10DataSetTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("hessianweb-cifar-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>
    /// Batch b (1..5; 6 is the test batch) holds records r = 0..<paramref name="records"/>−1 labelled (b + r) mod 10 whose
    /// value at position p (plane·1024 + row·32 + column) is (b·7 + r·3 + p) mod 256, so every value says where it came from.
    /// </summary>
    void WriteBatches(int records = 4)
    {
        for (var b = 1; b <= 6; b++)
        {
            var bytes = new byte[records * CifarBatchFile.RecordBytes];
            for (var r = 0; r < records; r++)
            {
                bytes[r * CifarBatchFile.RecordBytes] = (byte)((b + r) % 10);
                for (var p = 0; p < SpecLimits.CifarValues; p++) bytes[r * CifarBatchFile.RecordBytes + 1 + p] = Value(b, r, p);
            }
            File.WriteAllBytes(Path.Combine(folder, b == 6 ? Cifar10DataSet.TestFile : Cifar10DataSet.TrainingFiles[b - 1]), bytes);
        }
    }

    static byte Value(int batch, int record, int position) => (byte)((batch * 7 + record * 3 + position) % 256);

    /// <summary>The batches in the folder, not standardised unless <paramref name="standardise"/>, so values can be traced.</summary>
    ClassificationData Load(DataSpec? spec = null, bool standardise = false) =>
        DataSets.Load((spec ?? new DataSpec()) with { Kind = DataKind.Cifar10, Directory = folder, Standardise = standardise });

    [Fact]
    public void The_five_training_batches_in_order_and_the_test_batch_load_as_planes_scaled_to_the_unit_interval()
    {
        WriteBatches();

        var data = Load();

        Assert.Equal(20, data.Train.Count);
        Assert.Equal(4, data.Test.Count);
        Assert.Equal(SpecLimits.CifarValues, data.InputDim);
        Assert.Equal(10, data.Classes);
        for (var b = 1; b <= 5; b++)
            for (var r = 0; r < 4; r++)
            {
                var i = (b - 1) * 4 + r;
                Assert.Equal((b + r) % 10, data.Train.Labels[i]);
                var point = data.Train.Point(i);
                foreach (var p in new[] { 0, 31, 32, 1023, 1024, 2047, 2048, 3071 }) // R, G, B planes, row-major
                    Assert.Equal(Value(b, r, p) / 255.0, point[p]);
            }
        Assert.Equal(Enumerable.Range(0, 4).Select(r => (6 + r) % 10), data.Test.Labels);
        Assert.Equal(Value(6, 3, 2000) / 255.0, data.Test.Point(3)[2000]);
    }

    [Fact]
    public void A_class_list_and_a_per_class_count_take_the_first_of_each_listed_class_relabelled()
    {
        WriteBatches();

        // Labels by batch: 1:[1,2,3,4] 2:[2,3,4,5] 3:[3,4,5,6] 4:[4,5,6,7] 5:[5,6,7,8]; test: [6,7,8,9].
        var data = Load(new DataSpec { ClassList = [5, 2], PerClass = 2 });

        Assert.Equal(2, data.Classes);
        // Class 5 first appears in batch 2 record 3, then batch 3 record 2; class 2 in batch 1 record 1, batch 2 record 0.
        Assert.Equal([1, 1, 0, 0], data.Train.Labels);
        Assert.Equal(Value(1, 1, 0) / 255.0, data.Train.Point(0)[0]);
        Assert.Equal(Value(2, 0, 0) / 255.0, data.Train.Point(1)[0]);
        Assert.Equal(Value(2, 3, 0) / 255.0, data.Train.Point(2)[0]);
        Assert.Equal(Value(3, 2, 0) / 255.0, data.Train.Point(3)[0]);
        Assert.Empty(data.Test.Labels);
    }

    [Fact]
    public void Standardisation_uses_the_training_sets_statistics()
    {
        WriteBatches();

        var data = Load(standardise: true);

        foreach (var f in new[] { 0, 1500, 3071 })
        {
            var column = Enumerable.Range(0, data.Train.Count).Select(i => data.Train.Point(i)[f]).ToArray();
            Assert.Equal(0, column.Average(), 1e-12);
            Assert.Equal(1, Math.Sqrt(column.Sum(x => x * x) / column.Length), 1e-12);
        }
    }

    [Fact]
    public void A_missing_batch_is_named()
    {
        WriteBatches();
        File.Delete(Path.Combine(folder, "data_batch_3.bin"));

        var error = Assert.Throws<DataFileException>(() => Load());

        Assert.Equal(Path.Combine(folder, "data_batch_3.bin"), error.FilePath);
        Assert.Contains("missing", error.Message);
    }

    [Fact]
    public void A_batch_that_is_not_whole_records_is_named_with_its_length()
    {
        WriteBatches();
        var path = Path.Combine(folder, Cifar10DataSet.TestFile);
        File.WriteAllBytes(path, new byte[2 * CifarBatchFile.RecordBytes + 100]);

        var error = Assert.Throws<DataFileException>(() => Load());

        Assert.Equal(path, error.FilePath);
        Assert.Contains("wrong length: 6,246 bytes is not a whole number of 3,073-byte records", error.Message);
    }

    [Fact]
    public void A_label_above_nine_is_named_with_its_record()
    {
        WriteBatches();
        var path = Path.Combine(folder, "data_batch_5.bin");
        var bytes = File.ReadAllBytes(path);
        bytes[2 * CifarBatchFile.RecordBytes] = 12;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<DataFileException>(() => Load());

        Assert.Equal(path, error.FilePath);
        Assert.Equal($"{path}: label 12 in record 2 is outside 0..9.", error.Message);
    }

    [Fact]
    public void An_empty_batch_is_named()
    {
        WriteBatches();
        var path = Path.Combine(folder, "data_batch_1.bin");
        File.WriteAllBytes(path, []);

        var error = Assert.Throws<DataFileException>(() => Load());

        Assert.Equal(path, error.FilePath);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Without_a_directory_the_worker_searches_the_folder_the_tarball_unpacks_to()
    {
        var searched = ImageDataSet.SearchDirectories(DataKind.Cifar10);

        Assert.Equal("/usr/share/datasets/cifar-10-batches-bin", searched[^1]);
        Assert.All(searched, s => Assert.EndsWith("cifar-10-batches-bin", s));
    }
}
