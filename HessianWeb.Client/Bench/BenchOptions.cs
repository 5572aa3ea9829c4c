namespace HessianWeb.Client.Bench;

/// <summary>What the bench measures on; the defaults are the configuration.</summary>
/// <param name="InputDim">Inputs of the MLP (784, MNIST's).</param>
/// <param name="HiddenWidths">Hidden layers of the MLP.</param>
/// <param name="Classes">Outputs of the MLP.</param>
/// <param name="Batch">Random inputs (N(0, 1) entries, uniform labels) in the one batch.</param>
/// <param name="Threads">LibTorch intra-op threads for the measurements (restored afterwards).</param>
/// <param name="Warmup">Untimed runs before each measurement.</param>
/// <param name="Repeats">Timed runs of each product; medians are reported.</param>
/// <param name="LanczosK">Top eigenvalues Lanczos looks for.</param>
/// <param name="LanczosSteps">Lanczos steps taken (the run is not stopped at convergence, so every run takes exactly these).</param>
/// <param name="LanczosRepeats">Timed Lanczos runs per reorthogonalisation mode (after one untimed warm-up run).</param>
/// <remarks><see cref="Device"/>: where the model, batch and products live (the CPU unless set; Lanczos stays on the host).</remarks>
public sealed record BenchOptions(
    int InputDim = 784,
    int[]? HiddenWidths = null,
    int Classes = 10,
    int Batch = 1_000,
    int Threads = 1,
    int Warmup = 3,
    int Repeats = 21,
    int LanczosK = 10,
    int LanczosSteps = 100,
    int LanczosRepeats = 3,
    int Seed = 0)
{
    public int[] Widths => HiddenWidths ?? [256, 256];

    public TorchSharp.torch.Device? Device { get; init; }
}
