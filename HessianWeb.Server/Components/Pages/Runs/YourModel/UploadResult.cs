using HessianWeb.Server.Uploads;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Uploads;
using MudBlazor;

namespace HessianWeb.Server.Components.Pages.Runs.YourModel;

/// <summary>One dropped file's fate as the drop zone lists it: on its way, kept (with what it is), or refused with the reason.</summary>
public sealed class UploadResult
{
    public string FileName { get; }
    /// <summary>"uploading", "stored" or "refused", for the page's tests as much as for its icon.</summary>
    public string State { get; private set; }
    public string Words { get; private set; }

    UploadResult(string fileName, string state, string words) => (FileName, State, Words) = (fileName, state, words);

    public static UploadResult Uploading(string fileName, long bytes) => new(fileName, "uploading", $"uploading {ByteSize.Format(bytes)}…");

    public static UploadResult Refused(string fileName, string reason) => new(fileName, "refused", $"refused: {reason}");

    public void Keep(UploadSummary summary) => (State, Words) = ("stored", $"stored: {UploadWords.Describe(summary)}");

    /// <summary>The store's reason names the file; the line already does.</summary>
    public void Refuse(string reason) =>
        (State, Words) = ("refused", $"refused: {(reason.StartsWith($"{FileName}: ", StringComparison.Ordinal) ? reason[(FileName.Length + 2)..] : reason)}");

    public string Icon => State switch
    {
        "stored" => Icons.Material.Filled.CheckCircle,
        "refused" => Icons.Material.Filled.Error,
        _ => Icons.Material.Filled.HourglassTop,
    };

    public Color Color => State switch
    {
        "stored" => Color.Success,
        "refused" => Color.Error,
        _ => Color.Default,
    };
}
