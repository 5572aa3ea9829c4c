namespace HessianWeb.Client.Data;

/// <summary>A data file is missing or malformed; the message names the file and what is wrong with it.</summary>
public sealed class DataFileException(string path, string problem)
    : Exception($"{path}: {problem}")
{
    public string FilePath { get; } = path;
}
