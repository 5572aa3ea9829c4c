namespace HessianWeb.Client.Runs;

/// <summary>
/// An uploaded file does not fit the run (a malformed data file, a model whose outputs are not the labels' classes); the
/// message says which file and what is wrong, in words a person reads as the run's error.
/// </summary>
public sealed class UploadedFileException(string message, Exception? inner = null) : Exception(message, inner);
