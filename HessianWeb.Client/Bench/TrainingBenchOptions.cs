namespace HessianWeb.Client.Bench;

/// <summary>What the training bench runs; the defaults are issue 10's: the quickstart's 100,000 full-batch steps.</summary>
/// <param name="Steps">Full-batch gradient steps of the quickstart (examples/quickstart.json with this epoch limit and no stopping rule).</param>
/// <param name="Repeats">Timed runs; the median is reported.</param>
/// <param name="BreakdownSteps">Steps each piece of TorchSharp's per-step work is timed over, and the TorchSharp path as a whole.</param>
/// <param name="Reference">Run the PyTorch reference script when a python3 with torch is found.</param>
public sealed record TrainingBenchOptions(int Steps = 100_000, int Repeats = 3, int BreakdownSteps = 2_000, bool Reference = true);
