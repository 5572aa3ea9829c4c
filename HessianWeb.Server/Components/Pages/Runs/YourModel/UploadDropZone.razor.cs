using HessianWeb.Server.Uploads;
using HessianWeb.Shared.Artifacts;
using HessianWeb.Shared.Uploads;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Forms;
using MudBlazor;

namespace HessianWeb.Server.Components.Pages.Runs.YourModel;

/// <summary>
/// The files come over the circuit as streams and go straight into <see cref="UploadStore.SaveAsync"/>, which counts,
/// hashes, checks and keeps them (or refuses them, keeping nothing); one at a time, in the order dropped.
/// </summary>
public sealed partial class UploadDropZone : IDisposable
{
    const int MaxFiles = 20;

    [Inject] UploadStore Store { get; set; } = default!;
    [Inject] ILogger<UploadDropZone> Logger { get; set; } = default!;
    [CascadingParameter] Task<AuthenticationState> Auth { get; set; } = default!;

    /// <summary>Raised for each file the store keeps (or already had: the same bytes are one upload).</summary>
    [Parameter] public EventCallback<UploadSummary> Stored { get; set; }

    readonly List<UploadResult> results = [];
    readonly CancellationTokenSource leaving = new();
    bool uploading;

    async Task UploadAsync(InputFileChangeEventArgs e)
    {
        // One drop at a time: the store reads each file whole before the next.
        if (uploading)
        {
            results.Insert(0, UploadResult.Refused($"{e.FileCount} file{(e.FileCount == 1 ? "" : "s")}", "drop them again once the files on their way are stored."));
            return;
        }
        var user = (await Auth).User;
        // More than MaxFiles throws here; say so rather than lose the drop.
        IReadOnlyList<IBrowserFile> files;
        try { files = e.GetMultipleFiles(MaxFiles); }
        catch (InvalidOperationException)
        {
            results.Insert(0, UploadResult.Refused($"{e.FileCount} files", $"drop at most {MaxFiles} files at a time."));
            return;
        }
        uploading = true;
        var pending = files.Select(f => (File: f, Result: UploadResult.Uploading(f.Name, f.Size))).ToList();
        results.InsertRange(0, pending.Select(p => p.Result));
        foreach (var (file, result) in pending)
        {
            await SaveAsync(file, result, user);
            StateHasChanged();
        }
        uploading = false;
    }

    async Task SaveAsync(IBrowserFile file, UploadResult result, System.Security.Claims.ClaimsPrincipal user)
    {
        if (file.Size > Store.MaxBytes)
        {
            result.Refuse($"{ByteSize.Format(file.Size)} is more than the {ByteSize.Format(Store.MaxBytes)} an upload may be.");
            return;
        }
        try
        {
            await using var content = file.OpenReadStream(Store.MaxBytes, leaving.Token);
            // Off the circuit's synchronisation context: the store hashes and reads the file through (a gigabyte takes
            // a while), and its readers may block on their own async steps, which must not wait for this renderer.
            var summary = await Task.Run(() => Store.SaveAsync(content, file.Name, user, leaving.Token));
            result.Keep(summary);
            await Stored.InvokeAsync(summary);
        }
        catch (UploadRefusedException ex) { result.Refuse(ex.Message); }
        catch (OperationCanceledException) when (leaving.IsCancellationRequested) { }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Could not store the upload {FileName}", file.Name);
            result.Refuse($"it could not be stored: {ex.Message}");
        }
    }

    public void Dispose()
    {
        leaving.Cancel();
        leaving.Dispose();
    }
}
