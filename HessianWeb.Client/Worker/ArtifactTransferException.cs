namespace HessianWeb.Client.Worker;

/// <summary>
/// An upload or download that retrying cannot fix (refused token, unknown or ended run, too large, a hash that differs
/// again, the server's disk full) or that kept failing for the bounded number of attempts. The message is the reason a
/// person reads on the run: "Uploading the weights of checkpoint 'end' (12.3 MB) failed: the server's disk is full (…)".
/// </summary>
public sealed class ArtifactTransferException(string message, Exception? inner = null) : Exception(message, inner);
