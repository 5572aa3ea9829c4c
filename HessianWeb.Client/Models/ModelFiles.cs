namespace HessianWeb.Client.Models;

/// <summary>The local copies of an uploaded model's files, for <see cref="Network.Create(Shared.Specs.ModelSpec, Shared.Specs.DataSpec, int, int, TorchSharp.torch.Device, TorchSharp.torch.ScalarType, ModelFiles?)"/>.</summary>
/// <param name="File">The layer list (model kind sequential) or the TorchScript file (torchscript).</param>
/// <param name="Weights">The starting weights: a safetensors file or a PyTorch state dict; required for sequential.</param>
/// <param name="PointShape">One data point's shape (e.g. [2, 6, 6]): a TorchScript model's input rows [N, d] are viewed as [N, …] by it.</param>
public sealed record ModelFiles(string? File, string? Weights, long[]? PointShape);
