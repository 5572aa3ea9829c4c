using HessianWeb.Shared;
using HessianWeb.Shared.Uploads;

namespace HessianWeb.Server.Uploads;

/// <summary>
/// A stored upload: its bytes live in <c>uploads/&lt;sha256&gt;</c> under the artifacts directory, what they hold
/// (<see cref="UploadContents"/>, read once at upload) in <see cref="ContentsJson"/>.
/// </summary>
public sealed class UploadRecord
{
    public Guid Id { get; set; }
    /// <summary>Lower-case hex; unique: the same bytes uploaded twice are one upload.</summary>
    public string Sha256 { get; set; } = "";
    public long Bytes { get; set; }
    public string FileName { get; set; } = "";
    public UploadKind Kind { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? UploadedBy { get; set; }
    public string ContentsJson { get; set; } = "{}";

    public UploadSummary ToSummary() => new(
        Id, Sha256, Bytes, FileName, Kind, new DateTimeOffset(DateTime.SpecifyKind(CreatedAt, DateTimeKind.Utc)), UploadedBy,
        JsonFormat.Deserialize<UploadContents>(ContentsJson) ?? new UploadContents());
}
