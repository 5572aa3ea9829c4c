using HessianWeb.Server.Uploads;
using HessianWeb.Shared.Specs;
using HessianWeb.Shared.Uploads;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs.YourModel;

/// <summary>
/// Lists the uploads once when the tab opens and adds each new one as it is stored; the choices live in
/// <see cref="YourModelForm"/> (part of the page's form), so they survive a switch of tabs.
/// </summary>
public sealed partial class YourModelPanel
{
    [Inject] UploadStore Store { get; set; } = default!;

    [Parameter, EditorRequired] public YourModelForm Form { get; set; } = default!;
    /// <summary>The built-in model's section, for the type and loss both tabs share.</summary>
    [Parameter, EditorRequired] public ModelForm Model { get; set; } = default!;
    [Parameter, EditorRequired] public SpecDraft Draft { get; set; } = default!;
    /// <summary>Raised after every choice, so the page rebuilds the spec.</summary>
    [Parameter] public EventCallback Changed { get; set; }

    /// <summary>The keys shown beside this tab's selects; any other data or model message is listed under them.</summary>
    static readonly string[] BesideSelects = [SpecFields.Data.File, SpecFields.Model.File, SpecFields.Model.Weights];

    /// <summary>The keys whose messages this tab shows (beside its selects or in its list), for <see cref="SpecForm.Shown"/>.</summary>
    internal static readonly string[] Shown = [.. BesideSelects, SpecFields.Model.ParameterCount];

    List<UploadSummary>? uploads;
    string? listError;

    protected override async Task OnInitializedAsync()
    {
        try { uploads = [.. await Store.ListAsync()]; }
        catch (Exception ex) { listError = ex.Message; }
    }

    IEnumerable<UploadSummary> Fitting(Func<UploadSummary, bool> fits) => (uploads ?? []).Where(fits);

    string NoWeights => Form.Kind == ModelKind.Torchscript ? "none: the weights saved in the file" : "Choose the weights";

    string WeightsHelp => Form.Kind == ModelKind.Torchscript
        ? "Optional: a state dict or safetensors whose tensors replace those of the same names in the file"
        : "Named as nn.Sequential names them: 0.weight, 0.bias, … (the server checks every name and shape at start)";

    /// <summary>Messages about the data or model that no field of this tab shows (e.g. a data set too large for a worker).</summary>
    IEnumerable<string> OtherMessages => Draft.Errors
        .Where(e => (e.Key.StartsWith("data.", StringComparison.Ordinal) || e.Key.StartsWith("model.", StringComparison.Ordinal)) && !BesideSelects.Contains(e.Key))
        .SelectMany(e => e.Value);

    string Label(Guid id, string none) =>
        id == Guid.Empty ? none : uploads?.FirstOrDefault(u => u.Id == id) is { } u ? UploadWords.Choice(u) : "";

    UploadSummary? Find(Guid id) => uploads?.FirstOrDefault(u => u.Id == id);

    async Task StoredAsync(UploadSummary stored)
    {
        uploads ??= [];
        // The same bytes again are the same upload: listed once.
        uploads.RemoveAll(u => u.Id == stored.Id);
        uploads.Insert(0, stored);
        Form.Offer(stored);
        await Changed.InvokeAsync();
    }

    Task ChooseData(Guid id) => Choose(() => Form.Data = Find(id));

    Task ChooseModel(Guid id) => Choose(() => Form.Model = Find(id));

    Task ChooseWeights(Guid id) => Choose(() => Form.Weights = Find(id));

    Task ChooseKind(ModelKind kind) => Choose(() =>
    {
        Form.Kind = kind;
        if (Form.Model is { } chosen && !Form.IsModelFile(chosen)) Form.Model = null;
    });

    Task ChooseDtype(ModelDtype dtype) => Choose(() => Model.Dtype = dtype);

    Task ChooseLoss(LossKind loss) => Choose(() => Model.Loss = loss);

    Task Choose(Action choose)
    {
        choose();
        return Changed.InvokeAsync();
    }
}
