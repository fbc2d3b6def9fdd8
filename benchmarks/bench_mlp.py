"""Benchmark nnbook against its peers, measured in one run (`make bench`).

1. Time per training step (forward + backward + SGD update) of the same MLP 784-256-10,
   batch 128, float32, same initial weights: nnbook (numpy) against PyTorch on the CPU, with the
   same number of threads for numpy's BLAS and for torch.
2. scikit-learn's MLPClassifier against nnbook's Trainer on the digits: the same architecture,
   epochs, batch size, learning rate and momentum; wall time and test accuracy.

    python benchmarks/bench_mlp.py [--steps 300] [--threads 2] [--quick]
"""
from __future__ import annotations

import argparse
import os
import platform
import statistics
import time
import warnings

import numpy as np
import sklearn
import torch
from threadpoolctl import threadpool_limits

from nnbook.data import Standardizer, load
from nnbook.layers import Linear, ReLU, Sequential
from nnbook.losses import SoftmaxCrossEntropy
from nnbook.optim import SGD
from nnbook.torch_bridge import to_torch
from nnbook.training import Trainer


def median_time(step, steps: int, warmup: int = 20) -> float:
    for _ in range(warmup):
        step()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_step(steps: int) -> tuple[float, float]:
    """Seconds per training step: (nnbook, torch)."""
    rng = np.random.default_rng(0)
    X = rng.random((128, 784), dtype=np.float32)             # MNIST-shaped inputs, no download
    y = rng.integers(0, 10, 128)
    model = Sequential(Linear(784, 256, dtype=np.float32, rng=1), ReLU(),
                       Linear(256, 10, dtype=np.float32, rng=2))
    twin = to_torch(model)
    loss_fn, optimizer = SoftmaxCrossEntropy(), SGD(model.parameters(), lr=0.1)

    def nnbook_step():
        loss_fn.forward(model.forward(X), y)
        model.backward(loss_fn.backward())
        optimizer.step()

    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    torch_opt = torch.optim.SGD(twin.parameters(), lr=0.1)

    def torch_step():
        torch_opt.zero_grad()
        torch.nn.functional.cross_entropy(twin(Xt), yt).backward()
        torch_opt.step()

    # Interleave the two so that both see the same machine state.
    ours, theirs = [], []
    for _ in range(3):
        ours.append(median_time(nnbook_step, steps // 3))
        theirs.append(median_time(torch_step, steps // 3))
    return min(ours), min(theirs)


def bench_sklearn(epochs: int) -> dict[str, tuple[float, float]]:
    """{name: (seconds, test accuracy)} for the same MLP 64-H-10 on the digits."""
    from sklearn.neural_network import MLPClassifier

    split = load("digits", val=0.0, test=0.2, rng=0)
    scaler = Standardizer().fit(split.X_train)
    X_train, X_test = scaler.transform(split.X_train), scaler.transform(split.X_test)
    H, lr, momentum, batch = 64, 0.05, 0.9, 32

    start = time.perf_counter()
    clf = MLPClassifier(hidden_layer_sizes=(H,), solver="sgd", learning_rate_init=lr, momentum=momentum,
                        nesterovs_momentum=False, batch_size=batch, max_iter=epochs, alpha=1e-4,
                        shuffle=True, random_state=0, tol=0.0, n_iter_no_change=epochs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")                       # "did not converge": epochs are fixed on purpose
        clf.fit(X_train, split.y_train)
    sk = (time.perf_counter() - start, clf.score(X_test, split.y_test))

    start = time.perf_counter()
    model = Sequential(Linear(64, H, rng=0), ReLU(), Linear(H, 10, rng=1))
    trainer = Trainer(model, SoftmaxCrossEntropy(), SGD(model.parameters(), lr=lr, momentum=momentum), rng=0)
    trainer.fit(X_train, split.y_train, epochs=epochs, batch_size=batch, progress=False)
    ours = (time.perf_counter() - start, trainer.evaluate(X_test, split.y_test)[1])
    return {"nnbook": ours, "scikit-learn": sk}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=300, help="timed steps per framework (default 300)")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="threads for numpy and torch")
    parser.add_argument("--epochs", type=int, default=30, help="epochs on the digits (default 30)")
    parser.add_argument("--quick", action="store_true", help="fewer steps and epochs (a smoke run)")
    args = parser.parse_args()
    steps, epochs = (30, 3) if args.quick else (args.steps, args.epochs)

    torch.set_num_threads(args.threads)
    with threadpool_limits(limits=args.threads):
        ours, theirs = bench_step(steps)
        one = {}
        with threadpool_limits(limits=1):
            torch.set_num_threads(1)
            one = bench_step(steps)
            torch.set_num_threads(args.threads)
        fits = bench_sklearn(epochs)

    print(f"# {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs; Python {platform.python_version()}, "
          f"numpy {np.__version__}, torch {torch.__version__}, scikit-learn {sklearn.__version__}")
    rows = [
        ("benchmark", "nnbook", "peer", "nnbook / peer"),
        (f"train step 784-256-10, batch 128, float32, {args.threads} threads (peer: torch)",
         f"{ours * 1e3:.3f} ms", f"{theirs * 1e3:.3f} ms", f"{ours / theirs:.2f}x"),
        ("train step 784-256-10, batch 128, float32, 1 thread (peer: torch)",
         f"{one[0] * 1e3:.3f} ms", f"{one[1] * 1e3:.3f} ms", f"{one[0] / one[1]:.2f}x"),
        (f"digits 64-64-10, {epochs} epochs, batch 32: wall time (peer: sklearn MLPClassifier)",
         f"{fits['nnbook'][0]:.2f} s", f"{fits['scikit-learn'][0]:.2f} s",
         f"{fits['nnbook'][0] / fits['scikit-learn'][0]:.2f}x"),
        (f"digits 64-64-10, {epochs} epochs, batch 32: test accuracy (peer: sklearn MLPClassifier)",
         f"{fits['nnbook'][1]:.3f}", f"{fits['scikit-learn'][1]:.3f}", ""),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    for k, row in enumerate(rows):
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
        if k == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    main()
