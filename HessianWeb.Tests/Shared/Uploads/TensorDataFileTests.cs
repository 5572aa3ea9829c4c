using HessianWeb.Shared.Uploads;

namespace HessianWeb.Tests.Shared.Uploads;

public sealed class TensorDataFileTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("hw-data-files-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static readonly HessianWeb.Shared.Runs.NamedTensor X = DataFiles.Float64("x", [4, 2, 3], i => i * 0.5);
    static readonly HessianWeb.Shared.Runs.NamedTensor Y = DataFiles.Int64("y", 0, 2, 1, 0);

    [Fact]
    public async Task A_safetensors_data_file_lists_its_tensors_and_its_classes_from_the_largest_label()
    {
        var path = await DataFiles.SafeTensorsAsync(directory, "data.safetensors", X, Y,
            DataFiles.Float64("x_test", [2, 2, 3], i => -i), DataFiles.Int64("y_test", 4, 0));

        Assert.Equal(UploadKind.Safetensors, UploadFormats.Detect(path));
        var contents = UploadFormats.Inspect(path, UploadKind.Safetensors)!;

        Assert.Equal(5, contents.Classes); // y_test's 4 is the largest label
        Assert.Equal(["x", "y", "x_test", "y_test"], contents.Tensors.Select(t => t.Name));
        Assert.Equal([4L, 2, 3], contents.Tensors[0].Shape);
        Assert.Equal("F64", contents.Tensors[0].Dtype);
    }

    [Fact]
    public void A_numpy_savez_compressed_file_is_read_with_its_int32_labels_widened()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "uploads", "blobs.npz");

        Assert.Equal(UploadKind.Npz, UploadFormats.Detect(path));
        var tensors = TensorDataFile.Read(path, UploadKind.Npz);

        Assert.Equal(["x", "y", "x_test", "y_test"], tensors.Select(t => t.Name));
        Assert.Equal("float32", tensors[0].Dtype);
        Assert.Equal([12L, 2, 3], tensors[0].Shape);
        // make_npz.py's x[0, 1, 2] (the sixth value in C order), as numpy printed it: -0.9772779.
        Assert.Equal(-0.9772779f, BitConverter.ToSingle(tensors[0].Data!, 5 * 4), 6);
        Assert.Equal("int64", tensors[1].Dtype);
        Assert.Equal([0L, 1, 2, 0], Enumerable.Range(0, 4).Select(i => BitConverter.ToInt64(tensors[1].Data!, 8 * i)));
        Assert.Equal(4, TensorDataFile.Inspect(path, UploadKind.Npz).Classes);
    }

    [Fact]
    public async Task A_check_keeps_the_labels_only_and_still_finds_a_file_cut_inside_the_points()
    {
        var path = await DataFiles.SafeTensorsAsync(directory, "data.safetensors", X, Y);
        var npz = Path.Combine(AppContext.BaseDirectory, "Fixtures", "uploads", "blobs.npz");

        foreach (var (file, kind) in new[] { (path, UploadKind.Safetensors), (npz, UploadKind.Npz) })
        {
            var tensors = TensorDataFile.Read(file, kind, name => name is TensorDataFile.Labels or TensorDataFile.TestLabels);
            Assert.All(tensors.Where(t => t.Name.StartsWith('x')), x => Assert.Null(x.Data));
            Assert.All(tensors.Where(t => t.Name.StartsWith('y')), y => Assert.Equal(8 * y.Shape[0], y.Data!.Length));
        }
        // x's 4 × 2 × 3 float64 values come first after the header: cut the file 10 bytes into them.
        var bytes = await File.ReadAllBytesAsync(path);
        var cut = Path.Combine(directory, "cut.safetensors");
        await File.WriteAllBytesAsync(cut, bytes[..(HessianWeb.Shared.Artifacts.SafeTensorsWriter.Prefix([X, Y]).Length + 10)]);
        Assert.Contains("ends inside the data of 'x'", Assert.Throws<InvalidDataException>(() => TensorDataFile.Inspect(cut, UploadKind.Safetensors)).Message);
    }

    [Theory]
    [InlineData("missing y", "no tensor 'y'")]
    [InlineData("short y", "y has 3 labels but x has 4 points")]
    [InlineData("negative label", "y[1] is -1")]
    [InlineData("integer x", "x is int64; it must be float32 or float64")]
    [InlineData("x_test alone", "has x_test but not y_test")]
    [InlineData("other points in x_test", "x_test's points are [6] but x's are [2, 3]")]
    [InlineData("an extra tensor", "'z'; it may hold only x, y, x_test and y_test")]
    [InlineData("one class", "a single class")]
    public async Task A_wrong_data_file_is_refused_naming_the_tensor(string wrong, string reason)
    {
        HessianWeb.Shared.Runs.NamedTensor[] tensors = wrong switch
        {
            "missing y" => [X],
            "short y" => [X, DataFiles.Int64("y", 0, 1, 1)],
            "negative label" => [X, DataFiles.Int64("y", 0, -1, 1, 0)],
            "integer x" => [DataFiles.Int64("x", 1, 2, 3, 4), Y],
            "x_test alone" => [X, Y, DataFiles.Float64("x_test", [1, 2, 3], i => i)],
            "other points in x_test" => [X, Y, DataFiles.Float64("x_test", [1, 6], i => i), DataFiles.Int64("y_test", 0)],
            "an extra tensor" => [X, Y, DataFiles.Int64("z", 1)],
            _ => [X, DataFiles.Int64("y", 1, 1, 1, 1)],
        };
        var safetensors = await DataFiles.SafeTensorsAsync(directory, "data.safetensors", tensors);
        var npz = DataFiles.Npz(directory, "data.npz", tensors);

        foreach (var (path, kind) in new[] { (safetensors, UploadKind.Safetensors), (npz, UploadKind.Npz) })
        {
            Assert.Equal(kind, UploadFormats.Detect(path));
            var error = Assert.Throws<InvalidDataException>(() => UploadFormats.Inspect(path, kind));
            Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        }
    }
}
