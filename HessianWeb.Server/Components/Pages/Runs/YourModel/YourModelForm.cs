using HessianWeb.Server.Uploads;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Server.Components.Pages.Runs.YourModel;

/// <summary>
/// The "Your model" tab's choices: the data upload, the model's kind and its files. The uploads chosen are kept whole so
/// the tab can show what they hold and the plan can count the parameters before the server reads them again at submit.
/// </summary>
public sealed class YourModelForm
{
    public UploadSummary? Data { get; set; }
    public ModelKind Kind { get; set; } = ModelKind.Sequential;
    /// <summary>Sequential: the layer list; Torchscript: the TorchScript file.</summary>
    public UploadSummary? Model { get; set; }
    /// <summary>Required for Sequential; for Torchscript it replaces the weights the file holds.</summary>
    public UploadSummary? Weights { get; set; }

    /// <summary>Whether the model's files and the data are chosen and say how large the model is.</summary>
    public bool ShapeKnown => Data is not null && Model?.Contents.ParameterCount is not null;

    /// <summary>The data as the upload gives them: the server writes the same sizes at submit, from the same inspection.</summary>
    internal DataSpec BuildData(DataSpec b)
    {
        // Tensors are used as given (ExperimentSpec: DataSpec.File).
        var tensors = b with { Kind = DataKind.Tensors, File = Data?.Id, Standardise = false };
        return Data is null ? tensors : UploadCheck.DataSizes(Data.Contents, tensors) ?? tensors;
    }

    /// <summary>The built-in model's fields stay as they were (unused); the type and loss are the form's.</summary>
    internal ModelSpec BuildModel(ModelSpec b, ModelDtype dtype, LossKind loss) => b with
    {
        Kind = Kind,
        File = Model?.Id,
        Weights = Weights?.Id,
        ParameterCount = Model?.Contents.ParameterCount,
        Dtype = dtype,
        Loss = loss,
    };

    /// <summary>Which kinds of upload fit each choice (the server checks the same at submit).</summary>
    public static bool IsData(UploadSummary u) => TensorDataFile.IsDataSet(u);

    public bool IsModelFile(UploadSummary u) => u.Kind == (Kind == ModelKind.Torchscript ? UploadKind.Torchscript : UploadKind.Layers);

    /// <summary>A safetensors file is data when it holds x and y; weights are named after the model's layers.</summary>
    public static bool IsWeights(UploadSummary u) => u.Kind is UploadKind.StateDict || (u.Kind == UploadKind.Safetensors && !IsData(u));

    /// <summary>A file just uploaded becomes the choice it fits, so dropping a model's files and its data is enough.</summary>
    public void Offer(UploadSummary u)
    {
        if (u.Kind is UploadKind.Layers or UploadKind.Torchscript)
            (Kind, Model) = (u.Kind == UploadKind.Layers ? ModelKind.Sequential : ModelKind.Torchscript, u);
        else if (IsData(u)) Data = u;
        else if (IsWeights(u)) Weights = u;
    }
}
