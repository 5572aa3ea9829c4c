"""The bench's PyTorch reference (HessianWeb.Client/Bench/TrainingBench.cs): full-batch gradient descent of the
quickstart MLP in PyTorch from Python, one thread, float64, on the data and initial weights the bench hands over.

Usage: python3 pytorch_quickstart.py problem.json
problem.json: {"inputs": [[...], ...], "labels": [...], "weights": [[[...]], [...], ...] (0.weight, 0.bias, 2.weight, ...),
               "activation": "relu", "learningRate": 0.1, "steps": 100000}
Prints one JSON line: {"seconds": wall time of the steps, "finalLoss": the loss after them, "torch": torch.__version__}.
Each step is what a PyTorch user writes: forward, cross-entropy, zero_grad, backward, optimizer.step, loss.item().
"""
import json
import sys
import time

import torch


def main(path):
    torch.set_num_threads(1)
    with open(path) as f:
        problem = json.load(f)
    x = torch.tensor(problem["inputs"], dtype=torch.float64)
    y = torch.tensor(problem["labels"], dtype=torch.int64)
    weights = problem["weights"]
    activation = {"relu": torch.nn.ReLU, "tanh": torch.nn.Tanh, "sigmoid": torch.nn.Sigmoid, "identity": torch.nn.Identity}[problem["activation"]]
    layers = []
    for i in range(0, len(weights), 2):
        w = torch.tensor(weights[i], dtype=torch.float64)
        linear = torch.nn.Linear(w.shape[1], w.shape[0]).double()
        with torch.no_grad():
            linear.weight.copy_(w)
            linear.bias.copy_(torch.tensor(weights[i + 1], dtype=torch.float64))
        if layers:
            layers.append(activation())
        layers.append(linear)
    model = torch.nn.Sequential(*layers)
    optimizer = torch.optim.SGD(model.parameters(), lr=problem["learningRate"])
    loss_fn = torch.nn.CrossEntropyLoss()

    start = time.perf_counter()
    for _ in range(problem["steps"]):
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()
    seconds = time.perf_counter() - start
    with torch.no_grad():
        final = loss_fn(model(x), y).item()
    print(json.dumps({"seconds": seconds, "finalLoss": final, "torch": torch.__version__}))


if __name__ == "__main__":
    main(sys.argv[1])
