namespace HessianWeb.Shared.Artifacts;

/// <summary>
/// The safetensors metadata of a run's file: its run, checkpoint, kind and the sequence number of its event. The
/// worker writes it into what it uploads; the server reads it to name the file and to check it belongs to the event.
/// </summary>
public static class ArtifactMetadata
{
    public const string Run = "run";
    public const string Checkpoint = "checkpoint";
    public const string Kind = "kind";
    public const string Sequence = "sequence";

    public static Dictionary<string, string> For(Guid runId, long sequence, string checkpoint, string kind) => new()
    {
        [Run] = runId.ToString(),
        [Checkpoint] = checkpoint,
        [Kind] = kind,
        [Sequence] = sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
