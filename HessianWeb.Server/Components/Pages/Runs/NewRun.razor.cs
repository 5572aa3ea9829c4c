using HessianWeb.Server.Access;
using Microsoft.AspNetCore.Components.Authorization;
using HessianWeb.Server.Runs;
using HessianWeb.Shared.Specs;
using Microsoft.AspNetCore.Components;

namespace HessianWeb.Server.Components.Pages.Runs;

/// <summary>
/// The experiment form. Every keystroke rebuilds the spec and runs the API's validator on it, so the
/// messages, the parameter count M and the Start button are always those of what is typed.
/// </summary>
public sealed partial class NewRun
{
    [Inject] RunSubmission Submission { get; set; } = default!;
    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;
    [Inject] NavigationManager Navigation { get; set; } = default!;
    [Inject] ILogger<NewRun> Logger { get; set; } = default!;

    readonly SpecForm form = SpecForm.From(new ExperimentSpec());
    SpecDraft draft = default!;
    bool submitting;
    string? submitError;

    protected override void OnInitialized() => draft = form.Build();

    /// <summary>What the chosen data set is, and which of its settings are fixed rather than asked for.</summary>
    string DataDescription => form.Data.Kind switch
    {
        DataKind.Moons => "Two interleaving half circles (scikit-learn's make_moons): inputs are 2-D and there are 2 classes, fixed for this data set.",
        DataKind.Circles => "A small circle inside a large one (scikit-learn's make_circles): inputs are 2-D and there are 2 classes, fixed for this data set.",
        DataKind.Mnist => ImageDescription("Handwritten digits"),
        DataKind.FashionMnist => ImageDescription("Zalando's clothing images"),
        DataKind.Cifar10 => ImageDescription("Small colour photographs of ten kinds of object (airplane … truck)", DataKind.Cifar10),
        _ => "Gaussian blobs (scikit-learn's make_blobs): clusters of points, one or more per class.",
    };

    /// <summary>scikit-learn's blobs are scaled over all points (the authors' scale(X)); every other set with the training set's statistics.</summary>
    string StandardiseLabel => form.Data.Kind == DataKind.Blobs && form.Data.Generator == DataGenerator.ScikitLearn
        ? "Standardise inputs (mean and std of all points, as scale(X))"
        : "Standardise inputs (training-set mean and std)";

    static string ImageDescription(string what, DataKind kind = DataKind.Mnist)
    {
        var (channels, height, width) = SpecLimits.ImageShape(kind)!.Value;
        var inputs = SpecLimits.InputDimension(new DataSpec { Kind = kind });
        return $"{what}, {(channels == 1 ? "" : $"{channels}×")}{height}×{width} pixels: {NumberFormat.Count(inputs)} inputs and {SpecLimits.ImageClasses} classes (or those listed); "
            + "training and test sizes are from the files (at most points per class × classes).";
    }

    static readonly DeviceKind?[] Devices = [null, DeviceKind.Cpu, DeviceKind.Cuda];

    static string DeviceName(DeviceKind? device) => device switch
    {
        DeviceKind.Cpu => "CPU",
        DeviceKind.Cuda => "CUDA",
        _ => "Any",
    };

    string DirectoryHelp => form.Data.Kind == DataKind.Cifar10
        ? "Folder of the .bin batches; empty: the worker's default ($HESSIANWEB_DATA or /usr/share/datasets/cifar-10-batches-bin)"
        : "Folder of the IDX files; empty: the worker's default ($HESSIANWEB_DATA or /usr/share/datasets/…)";

    /// <summary>What the chosen network is; a CNN's image shape comes from the data set.</summary>
    string ModelDescription => form.Model.Kind == ModelKind.Cnn
        ? "A LeNet-style CNN: per conv layer a k×k convolution (no padding), the activation and a p×p max-pool; then a dense head to a softmax output. Needs an image set."
        : "A fully connected network with a softmax output.";

    string WidthsHelp => form.Model.Kind == ModelKind.Cnn
        ? "The dense layers after the convolutions, e.g. 120, 84; empty: straight to the classes"
        : "Comma-separated, e.g. 10, 5; empty for a linear model";

    /// <summary>Uploaded weights are the point of the "Your model" tab: its epochs start at 0 (SpecForm.UseUploads).</summary>
    string? EpochsHelp => form.UsesUploads ? "0 = analyse the uploaded weights as they are; more fine-tunes from them" : null;

    void TabChanged(int index)
    {
        form.UseUploads(index == 1);
        Changed();
    }

    void Changed()
    {
        draft = form.Build();
        submitError = null;
    }

    async Task SubmitAsync()
    {
        // The button is disabled while invalid; this guards a submit that raced a keystroke.
        draft = form.Build();
        if (!draft.IsValid || submitting) return;
        // The page asks for a member; this asks again of the principal at the moment of launching.
        var user = (await Auth).User;
        if (!user.CanLaunch()) { submitError = user.Refusal("launch runs"); return; }
        submitting = true;
        Guid id;
        try
        {
            // The form ran the same validator on this spec: it is valid here, but the workers connected now may not hold it.
            var submitted = await Submission.SubmitAsync(draft.Spec, user.UserName()!);
            if (submitted.Refusal is { } refusal)
            {
                submitError = refusal;
                submitting = false;
                return;
            }
            id = submitted.Created!.Id;
        }
        catch (NotScheduledException ex)
        {
            // The run is stored and queued; the scheduler hands it out when a worker next registers.
            Logger.LogWarning(ex.InnerException, "Could not hand run {RunId} to a worker yet", ex.Id);
            id = ex.Id;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Could not store a new run");
            submitError = $"The run could not be stored: {ex.Message}";
            submitting = false;
            return;
        }
        Navigation.NavigateTo($"/runs/{id}");
    }
}
