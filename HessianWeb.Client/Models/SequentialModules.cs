using HessianWeb.Shared.Uploads;
using TorchSharp;
using static TorchSharp.torch;

namespace HessianWeb.Client.Models;

/// <summary>Each layer type of a <see cref="SequentialModelFile"/> as the TorchSharp module PyTorch's of that name is, with PyTorch's defaults.</summary>
internal static class SequentialModules
{
    /// <remarks>The layer list was checked by <see cref="SequentialLayers.Parse"/>: the fields a type needs are there.</remarks>
    public static nn.Module<Tensor, Tensor> Create(LayerSpec l, Device device, ScalarType dtype) => l.Type switch
    {
        "Linear" => nn.Linear(l.InFeatures!.Value, l.OutFeatures!.Value, hasBias: l.Bias ?? true, device: device, dtype: dtype),
        "Conv2d" => nn.Conv2d(l.InChannels!.Value, l.OutChannels!.Value, l.KernelSize!.Value, stride: l.Stride ?? 1, padding: l.Padding ?? 0,
            bias: l.Bias ?? true, device: device, dtype: dtype),
        "MaxPool2d" => nn.MaxPool2d(l.KernelSize!.Value, l.Stride ?? l.KernelSize!.Value, l.Padding ?? 0),
        "AvgPool2d" => nn.AvgPool2d(l.KernelSize!.Value, l.Stride ?? l.KernelSize!.Value, l.Padding ?? 0),
        "Flatten" => nn.Flatten(),
        "ReLU" => nn.ReLU(),
        "Tanh" => nn.Tanh(),
        "GELU" => nn.GELU(),
        "Sigmoid" => nn.Sigmoid(),
        "Identity" => nn.Identity(),
        "Dropout" => nn.Dropout(l.P ?? 0.5),
        "BatchNorm1d" => nn.BatchNorm1d(l.NumFeatures!.Value, l.Eps ?? 1e-5, device: device, dtype: dtype),
        "BatchNorm2d" => nn.BatchNorm2d(l.NumFeatures!.Value, l.Eps ?? 1e-5, device: device, dtype: dtype),
        "LayerNorm" => nn.LayerNorm(l.NormalizedShape!, l.Eps ?? 1e-5, l.ElementwiseAffine ?? true, device: device, dtype: dtype),
        _ => throw new InvalidDataException($"'{l.Type}' is not a layer this reads."),
    };
}
