using HessianWeb.Client.Data;
using HessianWeb.Client.Runs;
using HessianWeb.Shared.Runs;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using HessianWeb.Tests.Shared.Uploads;

namespace HessianWeb.Tests.Client.Data;

public sealed class TensorDataSetTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("hw-tensor-data-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    static readonly NamedTensor X = DataFiles.Float64("x", [4, 2, 3], i => i * 0.5 - 3);
    static readonly NamedTensor Y = DataFiles.Int64("y", 0, 2, 1, 0);

    [Fact]
    public async Task A_spec_naming_uploaded_safetensors_gets_its_points_flattened_as_given_with_their_shape_and_test_set()
    {
        var path = await DataFiles.SafeTensorsAsync(directory, "data.safetensors", X, Y,
            DataFiles.Float64("x_test", [2, 2, 3], i => -i), DataFiles.Int64("y_test", 4, 0));
        var id = Guid.NewGuid();
        var spec = new DataSpec { Kind = DataKind.Tensors, File = id, Standardise = true };

        var data = DataSets.Load(spec, new LocalUploads(new Dictionary<Guid, LocalUpload> { [id] = new(path, UploadKind.Safetensors) }));

        Assert.Equal(6, data.InputDim);
        Assert.Equal([2L, 3], data.PointShape!);
        Assert.Equal(5, data.Classes); // y_test's 4 is the largest label
        Assert.Equal(Enumerable.Range(0, 24).Select(i => i * 0.5 - 3), data.Train.Inputs); // not standardised
        Assert.Equal([0, 2, 1, 0], data.Train.Labels);
        Assert.Equal(2, data.Test.Count);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => -(double)i), data.Test.Inputs);
        Assert.Equal([4, 0], data.Test.Labels);
    }

    [Fact]
    public void An_npz_of_float32_points_without_a_test_set_widens_them_exactly_and_has_an_empty_test_set()
    {
        float[] values = [0.1f, -2.5f, 3.75f, 1e-7f, 7f, -0.3f];
        var x = new NamedTensor("x", "float32", [3, 2], values.SelectMany(BitConverter.GetBytes).ToArray());
        var path = DataFiles.Npz(directory, "data.npz", x, DataFiles.Int64("y", 1, 0, 1));

        var data = TensorDataSet.Load(new LocalUpload(path, UploadKind.Npz));

        Assert.Equal(values.Select(v => (double)v), data.Train.Inputs);
        Assert.Equal([1, 0, 1], data.Train.Labels);
        Assert.Equal([2L], data.PointShape!);
        Assert.Equal(2, data.Classes);
        Assert.Equal(0, data.Test.Count);
        Assert.Equal(2, data.Test.Dimension);
    }

    [Fact]
    public async Task A_malformed_data_file_fails_naming_the_tensor()
    {
        var path = await DataFiles.SafeTensorsAsync(directory, "short.safetensors", X, DataFiles.Int64("y", 0, 1, 1));

        var error = Assert.Throws<UploadedFileException>(() => TensorDataSet.Load(new LocalUpload(path, UploadKind.Safetensors)));

        Assert.Equal("The data file: y has 3 labels but x has 4 points.", error.Message);
    }

    [Fact]
    public void A_spec_whose_upload_did_not_come_with_the_assignment_says_which_field()
    {
        var id = Guid.NewGuid();

        var error = Assert.Throws<UploadedFileException>(() => DataSets.Load(new DataSpec { Kind = DataKind.Tensors, File = id }));

        Assert.Equal($"data.file: the upload {id} did not come with the assignment.", error.Message);
    }
}
