"""Forward-pass speed: kerata on torch against the same network in plain
torch.nn, in one run (issue 2, item 9).

    KERATA_BACKEND=torch python benchmarks/forward_pass.py [--threads N]

Workloads: a 20-layer MLP (width 256) at batch 1 and a small CNN
(Conv32-Conv64-MaxPool-Dense128-Dense10 on 28x28x1) at batch 64.
Weights are copied from the kerata model into the torch model, and the
outputs are checked equal before timing.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

os.environ.setdefault("KERATA_BACKEND", "torch")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import torch  # noqa: E402
from _harness import compare  # noqa: E402
from _harness import environment  # noqa: E402
from _harness import torch_device  # noqa: E402
from _harness import torch_sync  # noqa: E402

import kerata  # noqa: E402
from kerata import layers  # noqa: E402


def mlp_pair(depth: int = 20, width: int = 256):
    model = kerata.Sequential(
        [kerata.Input((width,))]
        + [layers.Dense(width, activation="relu") for _ in range(depth - 1)]
        + [layers.Dense(10)]
    )
    modules = []
    for layer in model.layers:
        kernel, bias = layer.get_weights()
        linear = torch.nn.Linear(kernel.shape[0], kernel.shape[1])
        with torch.no_grad():
            linear.weight.copy_(torch.from_numpy(kernel.T))
            linear.bias.copy_(torch.from_numpy(bias))
        modules.append(linear)
        if layer is not model.layers[-1]:
            modules.append(torch.nn.ReLU())
    return model, torch.nn.Sequential(*modules)


def cnn_pair():
    model = kerata.Sequential(
        [
            kerata.Input((28, 28, 1)),
            layers.Conv2D(32, 3, activation="relu"),
            layers.Conv2D(64, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dense(128, activation="relu"),
            layers.Dense(10),
        ]
    )

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.c1 = torch.nn.Conv2d(1, 32, 3)
            self.c2 = torch.nn.Conv2d(32, 64, 3)
            self.d1 = torch.nn.Linear(12 * 12 * 64, 128)
            self.d2 = torch.nn.Linear(128, 10)

        def forward(self, x):  # x: (batch, 28, 28, 1), channels last
            x = x.permute(0, 3, 1, 2)
            x = torch.relu(self.c1(x))
            x = torch.relu(self.c2(x))
            x = torch.nn.functional.max_pool2d(x, 2)
            # Flatten in channels-last order, as the Keras model does.
            x = x.permute(0, 2, 3, 1).flatten(1)
            x = torch.relu(self.d1(x))
            return self.d2(x)

    net = Net()
    c1, c2, _, _, d1, d2 = model.layers
    with torch.no_grad():
        for conv, layer in ((net.c1, c1), (net.c2, c2)):
            kernel, bias = layer.get_weights()  # (kh, kw, in, out)
            conv.weight.copy_(torch.from_numpy(kernel.transpose(3, 2, 0, 1)))
            conv.bias.copy_(torch.from_numpy(bias))
        for linear, layer in ((net.d1, d1), (net.d2, d2)):
            kernel, bias = layer.get_weights()
            linear.weight.copy_(torch.from_numpy(kernel.T))
            linear.bias.copy_(torch.from_numpy(bias))
    return model, net


def run(threads: int | None) -> dict:
    if threads:
        torch.set_num_threads(threads)
    results = {"environment": environment(), "workloads": {}}
    cases = {
        "mlp20_batch1": (mlp_pair, (1, 256), 50),
        "cnn_batch64": (cnn_pair, (64, 28, 28, 1), 3),
    }
    for name, (make, shape, inner) in cases.items():
        model, net = make()
        net = net.to(torch_device()).eval()
        x = torch.from_numpy(np.random.rand(*shape).astype("float32"))
        x = x.to(torch_device())
        with torch.no_grad():
            np.testing.assert_allclose(
                kerata.ops.convert_to_numpy(model(x)),
                net(x).cpu().numpy(),
                rtol=1e-4,
                atol=1e-4,
            )

            def run_kerata(model=model, x=x):
                return model(x)

            def run_torch(net=net, x=x):
                return net(x)

            stats = compare(run_kerata, run_torch, inner=inner, sync=torch_sync)
        results["workloads"][name] = stats
        print(
            f"{name:>14}: kerata {stats['kerata_ms']:.3f} ms, "
            f"torch {stats['reference_ms']:.3f} ms, "
            f"ratio {stats['ratio']:.3f}",
            flush=True,
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument("--json", default=None, help="write results here")
    args = parser.parse_args()
    results = run(args.threads)
    print(json.dumps(results["environment"]))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
