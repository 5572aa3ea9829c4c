# Makes the 1M-parameter TorchScript model of the README's "Your own model and data" timing: a ResNet-style network
# (3x3 convolutions, batch norm in eval with non-trivial running statistics, skip connections, global average pool,
# linear head) in float32, saved with torch.jit.save, and a data set of random 3x16x16 images in 10 classes as
# safetensors (written by hand: the safetensors package is not needed).
#   /usr/bin/python3 scripts/make-1m-torchscript.py OUT_DIR    (Debian: apt-get install python3-torch)
import json, struct, sys
import torch
from torch import nn

torch.manual_seed(0)


class Block(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv1 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(channels)
        self.conv2 = nn.Conv2d(channels, channels, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(channels)

    def forward(self, x):
        y = torch.relu(self.bn1(self.conv1(x)))
        return torch.relu(x + self.bn2(self.conv2(y)))


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 96, 3, padding=1, bias=False)
        self.bn = nn.BatchNorm2d(96)
        self.blocks = nn.Sequential(Block(96), Block(96), Block(96), Block(96), Block(96), Block(96))
        self.head = nn.Linear(96, 10)

    def forward(self, x):
        x = torch.relu(self.bn(self.stem(x)))
        x = self.blocks(x)
        return self.head(x.mean(dim=(2, 3)))


def safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name, t in tensors.items():
        data = t.contiguous().numpy().tobytes()
        dtype = {torch.float32: "F32", torch.float64: "F64", torch.int64: "I64"}[t.dtype]
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


out = sys.argv[1] if len(sys.argv) > 1 else "."
model = Net()
x = torch.randn(64, 3, 16, 16)
y = torch.arange(64) % 10
# Running statistics from a few batches in training mode, then eval: batch norm as a trained network has it.
model.train()
with torch.no_grad():
    for _ in range(3):
        model(torch.randn(64, 3, 16, 16))
model.eval()
print("parameters:", sum(p.numel() for p in model.parameters()))
torch.jit.save(torch.jit.script(model), f"{out}/resnet-1m.pt")
safetensors(f"{out}/resnet-1m-data.safetensors", {"x": x, "y": y})
