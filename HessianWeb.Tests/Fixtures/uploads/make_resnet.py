"""Makes the uploaded-model fixtures of HessianWeb.Tests/Client/Models (run from this folder with Debian's python3-torch):

    /usr/bin/python3 make_resnet.py

resnet.pt              a small ResNet-style network (conv stem, two residual blocks, the second downsampling through a
                       1x1 projection shortcut, batch norms with non-trivial running statistics, global average pool,
                       Linear head) in float64, saved by torch.jit.save in eval mode: 337 parameters, 2x6x6 inputs, 3 classes
resnet_state.pt        the same network's state dict, saved by torch.save (parameters and batch-norm buffers)
resnet_data.safetensors  24 points: x F64 [24, 2, 6, 6], y I64 [24] (written by hand: the safetensors package is not installed)
resnet_hessian.json    the dense Hessian's eigenvalues (ascending) of the mean cross-entropy over the 24 points with respect
                       to the parameters, formed by torch.autograd.functional.hessian on the eager (not scripted) module
                       and solved by numpy.linalg.eigvalsh: the reference the app's exact spectrum is checked against
plain.pkl              a plain Python pickle, which is no TorchScript file
sequential.json        a layer list (hessianweb.sequential/1) with every kind of layer that holds weights or buffers,
sequential_state.pt    its nn.Sequential's state dict (batch norms with non-trivial running statistics), and
sequential_outputs.json  its eval-mode outputs on the first 5 data points, row by row
"""
import json
import pickle
import struct

import numpy as np
import torch
from torch import nn
from torch.nn.utils import stateless

torch.manual_seed(15)
torch.set_default_dtype(torch.float64)


class Block(nn.Module):
    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, outputs, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs)
        self.conv2 = nn.Conv2d(outputs, outputs, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs)
        self.shortcut = nn.Sequential()
        if stride != 1 or inputs != outputs:
            self.shortcut = nn.Sequential(nn.Conv2d(inputs, outputs, 1, stride=stride, bias=False), nn.BatchNorm2d(outputs))

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return torch.relu(y + self.shortcut(x))


class TinyResNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv2d(2, 3, 3, padding=1, bias=False), nn.BatchNorm2d(3), nn.ReLU())
        self.block1 = Block(3, 3, 1)
        self.block2 = Block(3, 4, 2)
        self.head = nn.Linear(4, 3)

    def forward(self, x):
        x = self.block2(self.block1(self.stem(x)))
        return self.head(x.mean(dim=(2, 3)))


model = TinyResNet()
with torch.no_grad():
    for module in model.modules():
        if isinstance(module, nn.BatchNorm2d):
            module.weight.uniform_(0.5, 1.5)
            module.bias.normal_(0, 0.3)
            module.running_mean.normal_(0, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.num_batches_tracked.fill_(7)
        elif isinstance(module, (nn.Conv2d, nn.Linear)):
            module.weight.normal_(0, 0.6)
            if module.bias is not None:
                module.bias.normal_(0, 0.3)
model.eval()

n = 24
x = torch.randn(n, 2, 6, 6)
y = torch.arange(n) % 3

names = [name for name, _ in model.named_parameters()]
shapes = [p.shape for _, p in model.named_parameters()]
sizes = [p.numel() for _, p in model.named_parameters()]
flat = torch.cat([p.detach().flatten() for _, p in model.named_parameters()])
buffers = dict(model.named_buffers())


def mean_loss(theta):
    parameters = {name: piece.view(shape) for name, piece, shape in zip(names, theta.split(sizes), shapes)}
    outputs = stateless.functional_call(model, {**parameters, **buffers}, (x,))
    return nn.functional.cross_entropy(outputs, y)


hessian = torch.autograd.functional.hessian(mean_loss, flat)
eigenvalues = np.linalg.eigvalsh(hessian.numpy())

torch.jit.save(torch.jit.script(model), "resnet.pt")
torch.save(model.state_dict(), "resnet_state.pt")


def safetensors(tensors):
    header, data, offset = {}, b"", 0
    for name, (dtype, array) in tensors.items():
        raw = array.tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(raw)]}
        data += raw
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + data


with open("resnet_data.safetensors", "wb") as f:
    f.write(safetensors({"x": ("F64", x.numpy().astype("<f8")), "y": ("I64", y.numpy().astype("<i8"))}))

with open("resnet_hessian.json", "w") as f:
    json.dump({
        "parameterCount": int(flat.numel()),
        "parameters": names,
        "loss": float(mean_loss(flat)),
        "eigenvalues": [float(v) for v in eigenvalues],
    }, f, indent=1)

with open("plain.pkl", "wb") as f:
    pickle.dump({"weights": [1.0, 2.0], "note": "a pickle, not a TorchScript file"}, f)

layers = [
    (nn.Conv2d(2, 4, 3, padding=1), {"type": "Conv2d", "inChannels": 2, "outChannels": 4, "kernelSize": 3, "padding": 1}),
    (nn.BatchNorm2d(4), {"type": "BatchNorm2d", "numFeatures": 4}),
    (nn.GELU(), {"type": "GELU"}),
    (nn.AvgPool2d(2), {"type": "AvgPool2d", "kernelSize": 2}),
    (nn.Flatten(), {"type": "Flatten"}),
    (nn.Dropout(0.3), {"type": "Dropout", "p": 0.3}),
    (nn.Linear(36, 8), {"type": "Linear", "inFeatures": 36, "outFeatures": 8}),
    (nn.LayerNorm([8]), {"type": "LayerNorm", "normalizedShape": [8]}),
    (nn.Tanh(), {"type": "Tanh"}),
    (nn.BatchNorm1d(8, eps=1e-3), {"type": "BatchNorm1d", "numFeatures": 8, "eps": 1e-3}),
    (nn.Identity(), {"type": "Identity"}),
    (nn.Linear(8, 3, bias=False), {"type": "Linear", "inFeatures": 8, "outFeatures": 3, "bias": False}),
]
sequential = nn.Sequential(*[module for module, _ in layers])
with torch.no_grad():
    for module in sequential.modules():
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
            module.running_mean.normal_(0, 0.5)
            module.running_var.uniform_(0.5, 2.0)
            module.num_batches_tracked.fill_(3)
        if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
            module.weight.uniform_(0.5, 1.5)
            module.bias.normal_(0, 0.3)
sequential.eval()
torch.save(sequential.state_dict(), "sequential_state.pt")
with open("sequential.json", "w") as f:
    json.dump({"format": "hessianweb.sequential/1", "inputShape": [2, 6, 6], "layers": [spec for _, spec in layers]}, f, indent=1)
with open("sequential_outputs.json", "w") as f:
    json.dump([[float(v) for v in row] for row in sequential(x[:5]).detach()], f, indent=1)

print(f"{flat.numel()} parameters, loss {float(mean_loss(flat)):.6f}, eigenvalues {eigenvalues[0]:.4g} .. {eigenvalues[-1]:.4g}")
